using System.Globalization;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Approvals.Domain.Routing;

namespace Approvals.Application.Rechecks;

/// <summary>
/// What differs between a case's report and its re-check, as people should hear of it: a category that starts or
/// stops being hit, an overlap that changes by more than 1 % or 0.01 ha, other required departments, another
/// deciding level. Smaller differences (clipping noise, a feature renamed) are not worth a notification.
/// </summary>
public sealed record ReportDifference(IReadOnlyList<BilingualText> Lines, IReadOnlyList<Department> AddedDepartments,
    JurisdictionLevel? DecidingLevelBefore, JurisdictionLevel? DecidingLevelAfter)
{
    public const decimal RelativeThreshold = 0.01m;
    public const decimal HectareThreshold = 0.01m;

    public bool Differs => Lines.Count > 0;

    public bool RaisesDecidingLevel => DecidingLevelAfter > DecidingLevelBefore;

    public static ReportDifference Between(ProvinceRules rules, ComparisonReport? before, ComparisonReport after)
    {
        var lines = new List<BilingualText>();
        foreach (var now in after.Categories)
        {
            var was = before?.Categories.FirstOrDefault(c => string.Equals(c.Code, now.Code, StringComparison.OrdinalIgnoreCase));
            var name = rules.Catalogue.TryGet(now.Code, out var category) ? (category!.Name, category.NameEn) : (now.Name, now.NameEn);
            var wasHit = was?.Status == CategoryStatus.Intersects;
            var isHit = now.Status == CategoryStatus.Intersects;
            var wasHa = wasHit ? was!.OverlapHa : 0;
            if (!wasHit && isHit)
                lines.Add(new BilingualText($"{name.Item1}（{now.Code}）：未压占 → 压占 {Ha(now.OverlapHa)} 公顷", $"{name.Item2} ({now.Code}): not hit → hit, {Ha(now.OverlapHa)} ha"));
            else if (wasHit && !isHit)
                lines.Add(new BilingualText($"{name.Item1}（{now.Code}）：压占 {Ha(wasHa)} 公顷 → 未压占", $"{name.Item2} ({now.Code}): hit, {Ha(wasHa)} ha → not hit"));
            else if (wasHit && isHit)
            {
                var delta = Math.Abs(now.OverlapHa - wasHa);
                if (delta > HectareThreshold || (wasHa > 0 && delta / wasHa > RelativeThreshold))
                    lines.Add(new BilingualText($"{name.Item1}（{now.Code}）压占面积：{Ha(wasHa)} → {Ha(now.OverlapHa)} 公顷", $"{name.Item2} ({now.Code}) overlap: {Ha(wasHa)} → {Ha(now.OverlapHa)} ha"));
            }
        }

        var departmentsBefore = Departments(before?.RequiredDepartments);
        var departmentsAfter = Departments(after.RequiredDepartments);
        var added = departmentsAfter.Except(departmentsBefore).ToList();
        if (!departmentsBefore.SetEquals(departmentsAfter))
            lines.Add(new BilingualText(
                $"审查部门：{Zh(departmentsBefore)} → {Zh(departmentsAfter)}",
                $"Reviewing departments: {En(departmentsBefore)} → {En(departmentsAfter)}"));

        var levelBefore = Level(before?.DecidingLevel);
        var levelAfter = Level(after.DecidingLevel);
        if (levelBefore != levelAfter)
            lines.Add(new BilingualText(
                $"决定层级：{(levelBefore is { } b ? Names.Of(b).Zh : "—")} → {(levelAfter is { } a ? Names.Of(a).Zh : "—")}",
                $"Deciding level: {(levelBefore is { } b2 ? Names.Of(b2).En : "—")} → {(levelAfter is { } a2 ? Names.Of(a2).En : "—")}"));
        return new ReportDifference(lines, added, levelBefore, levelAfter);
    }

    private static string Ha(decimal ha) => ha.ToString("0.####", CultureInfo.InvariantCulture);

    private static SortedSet<Department> Departments(IReadOnlyList<string>? words) =>
        new((words ?? []).Select(w => Enum.TryParse<Department>(w, ignoreCase: true, out var d) ? (Department?)d : null).OfType<Department>());

    private static JurisdictionLevel? Level(string? word) =>
        Enum.TryParse<JurisdictionLevel>(word, ignoreCase: true, out var level) ? level : null;

    private static string Zh(IEnumerable<Department> departments) => departments.Any() ? string.Join("、", departments.Select(d => Names.Of(d).Zh)) : "—";

    private static string En(IEnumerable<Department> departments) => departments.Any() ? string.Join(", ", departments.Select(d => Names.Of(d).En)) : "—";
}
