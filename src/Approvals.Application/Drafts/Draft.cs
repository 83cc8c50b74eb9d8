using Approvals.Application.Persistence;
using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Drafts;

/// <summary>
/// An application being prepared by an applicant's organisation, saved at every step of the guided form
/// and resumable; on submission it records the case it became (once: a unique constraint backs it).
/// </summary>
public sealed class Draft : IVersioned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string? CountyCode { get; set; }
    public string? ProjectName { get; set; }
    public string? ProjectCode { get; set; }
    public string? ProjectOwner { get; set; }
    public string? ProjectType { get; set; }
    public JurisdictionLevel? DeclaredApprovalLevel { get; set; }
    public NationalKeyProjectKind? NationalKeyProject { get; set; }
    public bool InfrastructurePublicOrDefence { get; set; }
    public List<CaseUse> Uses { get; set; } = [];

    /// <summary>The boundary file as given (GeoJSON, 界址点 TXT, zipped Shapefile, or the GeoJSON of a drawn polygon).</summary>
    public byte[]? BoundaryFile { get; set; }
    public string? BoundaryFileName { get; set; }
    public int? BoundarySrid { get; set; }
    public double? BoundaryAreaM2 { get; set; }
    /// <summary>The pre-check of the current boundary and uses.</summary>
    public Guid? SpatialCheckId { get; set; }

    /// <summary>The case this draft became; set in the submission's transaction.</summary>
    public Guid? CaseId { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Version { get; set; }

    public bool ProjectComplete => !string.IsNullOrWhiteSpace(ProjectName) && !string.IsNullOrWhiteSpace(ProjectOwner)
        && !string.IsNullOrWhiteSpace(ProjectType) && CountyCode is not null && DeclaredApprovalLevel is not null;
    public bool UsesComplete => Uses.Count > 0;
    public bool BoundaryComplete => BoundaryFile is { Length: > 0 };
    public bool IsSubmitted => CaseId is not null;
}

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> b)
    {
        b.ToTable("drafts");
        b.HasKey(d => d.Id);
        b.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => d.OrganisationId);
        b.Property(d => d.CountyCode).HasMaxLength(6);
        b.Property(d => d.ProjectName).HasMaxLength(200);
        b.Property(d => d.ProjectCode).HasMaxLength(64);
        b.Property(d => d.ProjectOwner).HasMaxLength(200);
        b.Property(d => d.ProjectType).HasMaxLength(100);
        b.Property(d => d.DeclaredApprovalLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.NationalKeyProject).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Uses).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<List<CaseUse>>(v, JsonSerializerOptions.Web) ?? new List<CaseUse>(),
            new ValueComparer<List<CaseUse>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, u) => HashCode.Combine(h, u.GetHashCode())), v => v.ToList()));
        b.Property(d => d.BoundaryFileName).HasMaxLength(260);
        // One draft becomes at most one case, and a case comes from at most one draft.
        b.HasOne<Case>().WithOne().HasForeignKey<Draft>(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => d.CaseId).IsUnique();
        // Who may read a check, and whether the purge may delete it, is asked by the check's id.
        b.HasIndex(d => d.SpatialCheckId);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.Ignore(d => d.ProjectComplete);
        b.Ignore(d => d.UsesComplete);
        b.Ignore(d => d.BoundaryComplete);
        b.Ignore(d => d.IsSubmitted);
    }
}
