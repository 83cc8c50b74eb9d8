using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Tasks;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Decisions;

/// <summary>A condition a review attached, and the task that attached it (so the decider's edits keep the attribution).</summary>
public sealed record CollectedCondition(Guid FromTaskId, DecisionCondition Condition);

/// <summary>
/// The conditions the reviews of a case attached ("agree with conditions") at every level, each line a condition of its own,
/// attributed to the department's authority. A department that reviewed again after a correction speaks by its latest review.
/// </summary>
public static class ReviewConditions
{
    public static async Task<IReadOnlyList<CollectedCondition>> CollectAsync(ApprovalsDbContext db, ProvinceRules rules, Guid caseId, CancellationToken ct)
    {
        var reviews = await db.Set<ReviewTask>().AsNoTracking()
            .Where(t => t.CaseId == caseId && t.Stage == TaskStage.Review && t.Status == ReviewTaskStatus.Completed)
            .Select(t => new { t.Id, t.Level, t.JurisdictionCode, t.Department, t.Outcome, t.Conditions, t.CompletedAt })
            .ToListAsync(ct);
        var latest = reviews.GroupBy(t => (t.Level, t.JurisdictionCode, t.Department))
            .Select(g => g.OrderByDescending(t => t.CompletedAt).First())
            .Where(t => t.Outcome == TaskOutcome.AgreeWithConditions && !string.IsNullOrWhiteSpace(t.Conditions))
            .OrderBy(t => t.Level).ThenBy(t => t.Department).ToList();
        if (latest.Count == 0) return [];

        var codes = latest.Select(t => t.JurisdictionCode).Distinct().ToList();
        var jurisdictions = await db.Jurisdictions.AsNoTracking().Where(j => codes.Contains(j.Code)).ToDictionaryAsync(j => j.Code, ct);
        return latest.SelectMany(t =>
        {
            var authority = t.Department is { } d && jurisdictions.TryGetValue(t.JurisdictionCode, out var j) ? rules.DecisionDocuments.Authority(j, d) : null;
            return Lines(t.Conditions).Select(text => new CollectedCondition(t.Id,
                new DecisionCondition(text, t.Level, t.Department, authority?.Zh, authority?.En, ByDecider: false)));
        }).ToList();
    }

    /// <summary>A reviewer writes one condition a line (numbering such as "1." or "（1）" is the document's job, so it is dropped).</summary>
    public static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^(\d+[.、．)]|[（(]\d+[）)])\s*", "").Trim())
            .Where(l => l.Length > 0);
}

/// <summary>The departments that issue a decision jointly (会签), named by configuration for the deciding jurisdiction.</summary>
public static class DecisionIssuers
{
    /// <summary>Each required department's authority at <paramref name="jurisdictionCode"/>, the lead department first; one authority that speaks for two departments (land and minerals) signs once.</summary>
    public static async Task<IReadOnlyList<IssuingAuthority>> ResolveAsync(ApprovalsDbContext db, ProvinceRules rules, string jurisdictionCode,
        IReadOnlyList<string> requiredDepartments, CancellationToken ct)
    {
        var jurisdiction = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == jurisdictionCode, ct);
        var lead = Workflows.Activities.CaseTaskActivity.LeadDepartment(requiredDepartments);
        var departments = requiredDepartments.Select(Enum.Parse<Department>).Append(lead).Distinct()
            .OrderBy(d => d == lead ? 0 : 1).ThenBy(d => d);
        return departments.Select(d => (Department: d, Name: rules.DecisionDocuments.Authority(jurisdiction, d)))
            .DistinctBy(x => x.Name.Zh)
            .Select(x => new IssuingAuthority(x.Department, jurisdiction.Code, x.Name.Zh, x.Name.En)).ToList();
    }

    /// <summary>The last day an approval issued on <paramref name="issuedOn"/> is valid: the day before its anniversary after <paramref name="years"/> years.</summary>
    public static DateOnly ValidUntil(DateOnly issuedOn, int years) => issuedOn.AddYears(years).AddDays(-1);
}
