using Approvals.Application.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Rechecks;

/// <summary>
/// One round of re-checks: after a base-map category got a new current version (an import, a roll-back), or by hand.
/// Its cases are listed up front (<see cref="LayerRecheckCase"/>), so progress is the count of those done.
/// </summary>
public sealed class LayerRecheck
{
    public Guid Id { get; init; }
    /// <summary>The category that changed; null for a manual re-check of one case on every category.</summary>
    public string? CategoryCode { get; init; }
    /// <summary>basemap-change or manual-recheck (see <see cref="ReportReasons"/>).</summary>
    public string Reason { get; init; } = "";
    /// <summary>The category's current versions before and after the change (empty for a manual re-check).</summary>
    public List<Guid> PreviousLayerIds { get; init; } = [];
    public List<Guid> NewLayerIds { get; init; } = [];
    /// <summary>How many features were added, removed or altered between the two versions.</summary>
    public int ChangedFeatures { get; init; }
    public string CreatedByName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One case of a re-check round: an open case to check again, or a decided one only listed.</summary>
[Auditing.NotAudited]
public sealed class LayerRecheckCase
{
    public Guid RecheckId { get; init; }
    public Guid CaseId { get; init; }
    /// <summary>True for a case decided before the change: never changed, only listed for its supervisors.</summary>
    public bool Decided { get; init; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>True when the new report differs from the one before (null until done, and for decided cases).</summary>
    public bool? Changed { get; set; }
    /// <summary>Why the case was not re-checked after all (closed meanwhile, no report yet), when so.</summary>
    public string? Skipped { get; set; }
}

internal sealed class LayerRecheckConfiguration : IEntityTypeConfiguration<LayerRecheck>
{
    public void Configure(EntityTypeBuilder<LayerRecheck> b)
    {
        b.ToTable("layer_rechecks");
        b.HasKey(r => r.Id);
        b.Property(r => r.CategoryCode).HasMaxLength(16);
        b.Property(r => r.Reason).HasMaxLength(32);
        b.Property(r => r.CreatedByName).HasMaxLength(256);
        b.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class LayerRecheckCaseConfiguration : IEntityTypeConfiguration<LayerRecheckCase>
{
    public void Configure(EntityTypeBuilder<LayerRecheckCase> b)
    {
        b.ToTable("layer_recheck_cases");
        b.HasKey(r => new { r.RecheckId, r.CaseId });
        b.Property(r => r.Skipped).HasMaxLength(64);
        b.HasIndex(r => r.CaseId);
        b.HasOne<LayerRecheck>().WithMany().HasForeignKey(r => r.RecheckId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
