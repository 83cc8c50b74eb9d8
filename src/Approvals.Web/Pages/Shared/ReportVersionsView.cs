using Approvals.Application.Rechecks.ListCaseReportVersions;

namespace Approvals.Web.Pages.Shared;

/// <summary>A case's report versions for the _ReportVersions partial (the list) and _ReportChange (the notice of what a re-check changed).</summary>
public sealed record ReportVersionsView(IReadOnlyList<CaseReportVersionRow> Versions)
{
    /// <summary>The current version when a re-check made it and it differs from the one before: reviewers see it first.</summary>
    public CaseReportVersionRow? Change => Versions.FirstOrDefault() is { Differences.Count: > 0 } current ? current : null;
}
