using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace Approvals.Application.SpatialChecks;

/// <summary>
/// One stored spatial check: who ran it, when, on which boundary, and the comparison report it
/// produced, so a case can later refer to exactly the report it was checked with.
/// </summary>
public sealed class SpatialCheck
{
    public Guid Id { get; init; }
    public Guid? CreatedById { get; init; }
    /// <summary>
    /// The case it was run for (the workflow's check of the case's boundary); null for a draft's pre-check
    /// (the draft names it, see <c>Draft.SpatialCheckId</c>) and for an ad-hoc check. Who may read it follows from this.
    /// </summary>
    public Guid? CaseId { get; init; }
    public string CreatedByName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? SourceFileName { get; init; }
    /// <summary>The union of the boundary's parcels in the storage CRS.</summary>
    public MultiPolygon Boundary { get; init; } = null!;
    public double AreaM2 { get; init; }
    /// <summary>county, city, province or national: what the hits imply.</summary>
    public string RequiredLevel { get; init; } = "";
    /// <summary>The comparison report as JSON (jsonb), exactly as returned when the check ran.</summary>
    public string Report { get; init; } = "{}";
}

internal sealed class SpatialCheckConfiguration : IEntityTypeConfiguration<SpatialCheck>
{
    public void Configure(EntityTypeBuilder<SpatialCheck> b)
    {
        b.ToTable("spatial_checks");
        b.HasKey(c => c.Id);
        b.Property(c => c.CreatedByName).HasMaxLength(256);
        b.Property(c => c.SourceFileName).HasMaxLength(400);
        b.Property(c => c.RequiredLevel).HasMaxLength(16);
        b.Property(c => c.Boundary).HasColumnType("geometry(MultiPolygon)");
        b.Property(c => c.Report).HasColumnType("jsonb");
        b.HasIndex(c => new { c.CreatedById, c.CreatedAt });
        b.HasOne<Cases.Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.CaseId);
    }
}
