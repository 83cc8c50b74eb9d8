using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.BaseMaps;

// Geometry columns carry a type but no SRID constraint: the storage CRS is configuration
// (Approvals:StorageSrid), and PostGIS itself refuses to mix SRIDs in one operation.

internal sealed class BaseMapLayerConfiguration : IEntityTypeConfiguration<BaseMapLayer>
{
    public void Configure(EntityTypeBuilder<BaseMapLayer> b)
    {
        b.ToTable("base_map_layers");
        b.HasKey(l => l.Id);
        b.Property(l => l.CategoryCode).HasMaxLength(16);
        b.Property(l => l.SourceFileName).HasMaxLength(400);
        b.Property(l => l.SourceFormat).HasMaxLength(32);
        b.Property(l => l.ImportedByName).HasMaxLength(256);
        b.Property(l => l.Extent).HasColumnType("geometry(Polygon)");
        b.Property(l => l.Coverage).HasColumnType("geometry(MultiPolygon)");
        b.HasIndex(l => new { l.CategoryCode, l.Version }).IsUnique();
        b.HasIndex(l => l.CategoryCode).HasFilter("is_current");
    }
}

internal sealed class BaseMapFeatureConfiguration : IEntityTypeConfiguration<BaseMapFeature>
{
    public void Configure(EntityTypeBuilder<BaseMapFeature> b)
    {
        b.ToTable("base_map_features");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).UseIdentityAlwaysColumn();
        b.Property(f => f.CategoryCode).HasMaxLength(16);
        b.Property(f => f.SourceId).HasMaxLength(200);
        b.Property(f => f.Name).HasMaxLength(400);
        b.Property(f => f.Attributes).HasColumnType("jsonb");
        b.Property(f => f.Geometry).HasColumnType("geometry(MultiPolygon)");
        b.HasOne<BaseMapLayer>().WithMany().HasForeignKey(f => f.LayerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.LayerId);
        b.HasIndex(f => f.Geometry).HasMethod("gist");
        b.Property(f => f.WebGeometry).HasColumnType("geometry(MultiPolygon,3857)")
            .HasComputedColumnSql("ST_Multi(ST_Transform(geometry, 3857))", stored: true);
        b.HasIndex(f => f.WebGeometry).HasMethod("gist");
    }
}

internal sealed class BaseMapFeaturePartConfiguration : IEntityTypeConfiguration<BaseMapFeaturePart>
{
    public void Configure(EntityTypeBuilder<BaseMapFeaturePart> b)
    {
        b.ToTable("base_map_feature_parts");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityAlwaysColumn();
        b.Property(p => p.CategoryCode).HasMaxLength(16);
        b.Property(p => p.Geometry).HasColumnType("geometry(Polygon)");
        // No foreign keys: the parts are a derived index, rebuilt with their layer, and a million
        // per-row key checks would dominate a bulk load.
        b.HasIndex(p => p.LayerId);
        b.HasIndex(p => p.Geometry).HasMethod("gist");
    }
}
