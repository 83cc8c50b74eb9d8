using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Naming;
using Approvals.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.GetCurrentRules;

/// <summary>
/// The rules in force as tables a person reads: the base-map categories (effect, department, level), the routing
/// thresholds, the time limits and each calendar year's holidays and make-up working days, with the version and who
/// published it. Administrators and the province's supervisors.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看规则", RefusalEn = "Only administrators and the province's supervisors may see the rules")]
public sealed record GetCurrentRulesQuery : IQuery<CurrentRules>;

public sealed record CurrentRules(
    int Version, string? PublishedBy, DateTimeOffset? PublishedAt, IReadOnlyList<string> Files,
    IReadOnlyList<CategoryRow> Categories, IReadOnlyList<ThresholdRow> Thresholds, IReadOnlyList<TimeLimitRow> TimeLimits,
    IReadOnlyList<CalendarYearRows> Calendar);

/// <param name="Level">The level a hit requires, or "by forest area" for FOR.</param>
public sealed record CategoryRow(int Order, string Code, BilingualText Name, BilingualText Effect, BilingualText Department, BilingualText Level, bool ForwardsToNational);

/// <param name="Topic">What the threshold is about (forest land, permanent use, …).</param>
/// <param name="Rule">The threshold and what follows from it.</param>
public sealed record ThresholdRow(BilingualText Topic, BilingualText Rule);

public sealed record TimeLimitRow(BilingualText Step, int WorkingDays);

public sealed record CalendarYearRows(int Year, bool Provisional, string Source, IReadOnlyList<HolidayRow> Holidays, IReadOnlyList<DateOnly> MakeUpWorkingDays);

public sealed record HolidayRow(BilingualText Name, DateOnly From, DateOnly To);

public sealed class GetCurrentRulesHandler(ApprovalsDbContext db, RulesBook book, ActorAccessor actor) : IQueryHandler<GetCurrentRulesQuery, CurrentRules>
{
    public async ValueTask<CurrentRules> Handle(GetCurrentRulesQuery query, CancellationToken ct)
    {
        RulesReaders.EnsureMayRead(actor.Current);
        var (number, rules) = await book.CurrentAsync(db, ct);
        // Whole rows: the files are one jsonb value, read as a whole (a few tens of kilobytes).
        var version = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number == number).SingleOrDefaultAsync(ct);
        return new CurrentRules(number, version?.PublishedBy, version?.PublishedAt,
            RulesFiles.Ordered(version?.Files.Keys ?? RulesFiles.Read(book.Folder).Keys).ToList(),
            rules.Catalogue.Categories.Select(c => new CategoryRow(c.Order, c.Code, new(c.Name, c.NameEn), new(c.Effect, c.EffectEn),
                Names.Of(c.Department),
                c.LevelBasis == BaseMapLevelBasis.ForestArea ? new BilingualText("按林地面积", "by forest area") : Names.Of(c.RequiredLevel),
                c.ForwardsToNational)).ToList(),
            Thresholds(rules.Routing.Rules),
            [
                new(new("受理（形式审查）", "Acceptance"), rules.TimeLimits.Acceptance),
                new(new("下级初审", "A lower level's first review"), rules.TimeLimits.FirstReview),
                new(new("决定层级审查", "The deciding level's review"), rules.TimeLimits.LevelReview),
                new(new("案件总时限", "The whole case"), rules.TimeLimits.WholeCase),
                new(new("延长（每次）", "Extension (each)"), rules.TimeLimits.Extension.Days),
                new(new("作出决定后出具文书", "Issuing the document after the decision"), rules.TimeLimits.DocumentIssue),
            ],
            rules.Calendar.Years.Select(y => rules.Calendar[y]).Select(y => new CalendarYearRows(y.Year, y.Provisional, y.Source,
                y.Holidays.Select(h => new HolidayRow(new(h.Name, h.NameEn), h.From, h.To)).ToList(), y.MakeUpWorkingDays)).ToList());
    }

    /// <summary>The routing file's thresholds, one readable line each.</summary>
    public static IReadOnlyList<ThresholdRow> Thresholds(RoutingRules r)
    {
        var rows = new List<ThresholdRow>
        {
            new(new("受理层级", "Entry level"), Names.Of(r.EntryLevel)),
            new(new("系统最高层级", "Highest level in the system"), new($"{Names.Of(r.SystemTopLevel).Zh}（更高层级审批的由此转报）", $"{Names.Of(r.SystemTopLevel).En} (forwards what a higher level approves)")),
        };
        foreach (var (term, rules) in new[] { (Domain.UseTypes.ForestUseTerm.Permanent, r.Forest.Permanent), (Domain.UseTypes.ForestUseTerm.Temporary, r.Forest.Temporary) })
        {
            var topic = new BilingualText($"用林（{term.Zh()}）", $"Forest land ({term.En()})");
            foreach (var (kind, ha) in rules.NationalAtLeastHectares.OrderBy(p => p.Key))
                rows.Add(new(topic, new($"{kind.Zh()} ≥ {ha} 公顷：国家审批（省级审查后转报）", $"{kind.En()} ≥ {ha} ha: national (the province reviews and forwards)")));
            decimal? from = null;
            foreach (var tier in rules.Delegation)
            {
                var range = (from, tier.BelowHectares) switch
                {
                    (null, { } below) => ($"< {below} 公顷", $"< {below} ha"),
                    ({ } f, { } below) => ($"{f}–{below} 公顷", $"{f}–{below} ha"),
                    ({ } f, null) => ($"≥ {f} 公顷", $"≥ {f} ha"),
                    _ => ("任意面积", "any area"),
                };
                rows.Add(new(topic, new($"其余 {range.Item1}：{Names.Of(tier.Level).Zh}", $"otherwise {range.Item2}: {Names.Of(tier.Level).En}")));
                from = tier.BelowHectares;
            }
        }
        rows.Add(new(new("用草", "Grassland"), new($"> {r.Grassland.NationalAboveHectares} 公顷：国家审批；其余：{Names.Of(r.Grassland.OtherwiseLevel).Zh}",
            $"> {r.Grassland.NationalAboveHectares} ha: national; otherwise {Names.Of(r.Grassland.OtherwiseLevel).En}")));
        foreach (var level in r.Minerals.Listings.GroupBy(l => l.Level).OrderByDescending(g => g.Key))
            rows.Add(new(new("用矿", "Minerals"), new($"{Names.Of(level.Key).Zh}：{string.Join("、", level.Select(l => l.Name))}",
                $"{Names.Of(level.Key).En}: {string.Join(", ", level.Select(l => l.NameEn))}")));
        rows.Add(new(new("用矿", "Minerals"), new($"其他矿种：{Names.Of(r.Minerals.DefaultLevel).Zh}", $"any other mineral: {Names.Of(r.Minerals.DefaultLevel).En}")));
        if (r.Prohibitions.NationalKeyProjectOnly.Count > 0)
            rows.Add(new(new("禁止与限制", "Prohibitions"), new($"仅国家重点项目可占用：{string.Join("、", r.Prohibitions.NationalKeyProjectOnly.Order())}",
                $"open only to national key projects: {string.Join(", ", r.Prohibitions.NationalKeyProjectOnly.Order())}")));
        return rows;
    }
}
