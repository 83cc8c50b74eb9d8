using Approvals.Application.Cases;
using Approvals.Application.SpatialChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Rechecks;

/// <summary>
/// One comparison report a case has had (its report versions, numbered 1, 2, … per case): the stored check, why it
/// was made and, for a re-check, what changed against the version before. The newest is the case's current report.
/// </summary>
public sealed class CaseReportVersion
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public int Number { get; init; }
    /// <summary>See <see cref="ReportReasons"/>.</summary>
    public string Reason { get; init; } = "";
    public Guid SpatialCheckId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// The work that made it (a re-check's id): unique per case, so a job that runs twice finds its version made and
    /// makes no second one. Null for the workflow's own checks (their signal is consumed once).
    /// </summary>
    public string? JobKey { get; init; }
    /// <summary>For a re-check: the base-map category whose change caused it (null for a re-check of every category).</summary>
    public string? CategoryCode { get; init; }
    /// <summary>What differs from the previous version, one line each (before → after): Chinese and English.</summary>
    public List<string> Differences { get; init; } = [];
    public List<string> DifferencesEn { get; init; } = [];
}

/// <summary>Why a case got a new report.</summary>
public static class ReportReasons
{
    public const string Submission = "submission";
    public const string Correction = "correction";
    public const string BaseMapChange = "basemap-change";
    public const string ManualRecheck = "manual-recheck";

    public static (string Zh, string En) Name(string reason) => reason switch
    {
        Submission => ("提交申请", "Submission"),
        Correction => ("补正后重新分析", "Correction"),
        BaseMapChange => ("底图更新", "Base-map change"),
        ManualRecheck => ("人工复核", "Manual re-check"),
        _ => (reason, reason),
    };
}

internal sealed class CaseReportVersionConfiguration : IEntityTypeConfiguration<CaseReportVersion>
{
    public void Configure(EntityTypeBuilder<CaseReportVersion> b)
    {
        b.ToTable("case_report_versions");
        b.HasKey(v => v.Id);
        b.Property(v => v.Reason).HasMaxLength(32);
        b.Property(v => v.JobKey).HasMaxLength(100);
        b.Property(v => v.CategoryCode).HasMaxLength(16);
        b.HasIndex(v => new { v.CaseId, v.Number }).IsUnique();
        b.HasIndex(v => new { v.CaseId, v.JobKey }).IsUnique().HasFilter("job_key IS NOT NULL");
        b.HasOne<Case>().WithMany().HasForeignKey(v => v.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SpatialCheck>().WithMany().HasForeignKey(v => v.SpatialCheckId).OnDelete(DeleteBehavior.Restrict);
    }
}
