using Approvals.Application.Cases;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Approvals.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules;

/// <summary>
/// What a rules change would do: the recent routed cases (submitted within <see cref="Days"/> days, at most
/// <see cref="MaxCases"/>, newest first) routed with the old and with the new rules, listing those whose reviewing
/// departments, deciding level or forwarding would differ. Running cases keep their version; the list tells what the
/// same applications would get from now on.
/// </summary>
public static class RulesChangePreview
{
    public const int Days = 90;
    public const int MaxCases = 2000;

    public static async Task<RulesPreview> ComputeAsync(ApprovalsDbContext db, ProvinceRules before, ProvinceRules after, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-Days);
        var cases = await db.Set<Case>().AsNoTracking()
            .Where(c => c.SubmittedAt >= since && c.DecidingLevel != null)
            .OrderByDescending(c => c.SubmittedAt).Take(MaxCases)
            .ToListAsync(ct);
        var changes = new List<RoutingChange>();
        foreach (var c in cases)
        {
            var input = RouteCaseActivity.Input(c);
            var old = Route(before, input);
            var @new = Route(after, input);
            if (old.Text == @new.Text) continue;
            changes.Add(new RoutingChange(c.Id, c.Number, c.ProjectName, Names.Of(c.Status), old.Departments, old.Level, @new.Departments, @new.Level, @new.Error));
        }
        return new RulesPreview(cases.Count, Days, changes);
    }

    private static (BilingualText Departments, BilingualText Level, string? Error, string Text) Route(ProvinceRules rules, Domain.Routing.CaseRoutingInput input)
    {
        try
        {
            var d = rules.Routing.Decide(input);
            var departments = new BilingualText(string.Join("、", d.RequiredDepartments.Select(x => Names.Of(x).Zh)), string.Join(", ", d.RequiredDepartments.Select(x => Names.Of(x).En)));
            var level = d.ForwardToNational
                ? new BilingualText($"{Names.Of(d.DecidingLevel).Zh}（转报国家）", $"{Names.Of(d.DecidingLevel).En} (forwarded)")
                : Names.Of(d.DecidingLevel);
            return (departments, level, null, $"{departments.En}|{level.En}");
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            // A hit on a category the new catalogue no longer has: worth showing, not a reason to refuse the preview.
            var none = new BilingualText("—", "—");
            return (none, none, e.Message, $"error:{e.Message}");
        }
    }
}

/// <param name="CasesCompared">How many recent routed cases were routed both ways.</param>
/// <param name="Changes">The cases whose routing would differ.</param>
public sealed record RulesPreview(int CasesCompared, int Days, IReadOnlyList<RoutingChange> Changes);

/// <param name="Error">Why the new rules cannot route the case, when they cannot.</param>
public sealed record RoutingChange(
    Guid CaseId, string CaseNumber, string ProjectName, BilingualText Status,
    BilingualText DepartmentsBefore, BilingualText LevelBefore, BilingualText DepartmentsAfter, BilingualText LevelAfter, string? Error);

/// <summary>A stored draft of a rules version and what it would change.</summary>
/// <param name="BasedOn">The version in force that the draft replaces files of, and that the preview compares with.</param>
public sealed record RulesDraft(Guid Id, int BasedOn, IReadOnlyList<string> ChangedFiles, RulesPreview Preview);
