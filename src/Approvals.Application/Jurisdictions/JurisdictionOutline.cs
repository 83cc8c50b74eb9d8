using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace Approvals.Application.Jurisdictions;

/// <summary>
/// A county's or city's outline (行政区划界线), in the storage CRS like the base maps, keyed by its six-digit code.
/// Official outlines are loaded with <c>approvals jurisdictions import</c>; where a county has one, a boundary is
/// checked against it instead of the county's box (<see cref="JurisdictionExtent"/>). Outlines are public: every
/// signed-in user, applicants included, may see them on a map.
/// </summary>
public sealed class JurisdictionOutline
{
    public string Code { get; set; } = "";
    public MultiPolygon Geometry { get; set; } = null!;
    /// <summary>The file it came from ("demo" for the demo's synthetic outlines).</summary>
    public string Source { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
}

internal sealed class JurisdictionOutlineConfiguration : IEntityTypeConfiguration<JurisdictionOutline>
{
    public void Configure(EntityTypeBuilder<JurisdictionOutline> b)
    {
        b.ToTable("jurisdiction_outlines");
        b.HasKey(o => o.Code);
        b.Property(o => o.Code).HasMaxLength(6);
        b.Property(o => o.Geometry).HasColumnType("geometry(MultiPolygon)");
        b.Property(o => o.Source).HasMaxLength(260);
        b.HasIndex(o => o.Geometry).HasMethod("gist");
        b.HasOne<Domain.Jurisdictions.Jurisdiction>().WithOne().HasForeignKey<JurisdictionOutline>(o => o.Code).OnDelete(DeleteBehavior.Cascade);
    }
}
