using System.Data.Common;
using System.Globalization;
using System.Text;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Approvals.Domain.Cases;
using Approvals.Domain.Naming;

namespace Approvals.Application.Dashboard.GetDashboardPanel;

/// <summary>
/// One panel of the supervisor dashboard for the caller's jurisdiction (province: all; city: its counties;
/// county: itself), filtered by the period (cases received, or decided, between From and To inclusive,
/// Beijing dates), a county, a use type and the deciding level. Durations are working days with paused time
/// taken out, read from the per-case facts the triggers keep.
/// </summary>
public sealed record GetDashboardPanelQuery(DashboardPanel Panel, DashboardFilter Filter) : IQuery<DashboardTable>;

public sealed record DashboardFilter(DateOnly? From = null, DateOnly? To = null, string? County = null, UseType? UseType = null, JurisdictionLevel? Level = null);

public sealed class GetDashboardPanelValidator : AbstractValidator<GetDashboardPanelQuery>
{
    public GetDashboardPanelValidator()
    {
        RuleFor(q => q.Panel).IsInEnum().WithMessage(_ => Bilingual.Text("没有这个统计项", "No such panel"));
        RuleFor(q => q.Filter).NotNull();
        RuleFor(q => q.Filter.County).Must(c => c is null || Jurisdiction.IsValidCode(c)).When(q => q.Filter is not null)
            .OverridePropertyName("county").WithMessage(_ => Bilingual.Text("县级行政区划代码应为 6 位数字", "A county code has six digits"));
        RuleFor(q => q.Filter.UseType).IsInEnum().When(q => q.Filter?.UseType is not null)
            .OverridePropertyName("useType").WithMessage(_ => Bilingual.Text("请选择用地、用矿、用林或用草", "Choose land, mineral, forest or grassland use"));
        RuleFor(q => q.Filter.Level).Must(l => l is null or JurisdictionLevel.County or JurisdictionLevel.City or JurisdictionLevel.Province)
            .When(q => q.Filter is not null)
            .OverridePropertyName("level").WithMessage(_ => Bilingual.Text("审查层级应为县、市或省", "The level is county, city or province"));
        RuleFor(q => q.Filter).Must(f => f.From is null || f.To is null || f.From <= f.To).When(q => q.Filter is not null)
            .OverridePropertyName("to").WithMessage(_ => Bilingual.Text("结束日期不能早于开始日期", "The end date cannot be before the start date"));
        RuleFor(q => q.Filter).Must(f => f.From is null || f.To is null || f.To.Value.DayNumber - f.From.Value.DayNumber <= 3 * 366).When(q => q.Filter is not null)
            .OverridePropertyName("from").WithMessage(_ => Bilingual.Text("统计期间最长三年", "The period is at most three years"));
    }
}

public sealed class GetDashboardPanelHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock)
    : IQueryHandler<GetDashboardPanelQuery, DashboardTable>
{
    public async ValueTask<DashboardTable> Handle(GetDashboardPanelQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!(actor.IsInRole(Roles.Supervisor) || actor.IsInRole(Roles.Administrator) || actor.IsSystem))
            throw new ForbiddenException(Bilingual.Text("只有督办人员和管理员可以查看统计", "Only supervisors and administrators see the dashboard"));
        // A county outside the caller's jurisdiction does not exist for them.
        if (query.Filter.County is { } county && !actor.Covers(county))
            throw new NotFoundException(Bilingual.Text("未找到该县", "No such county"));

        await DashboardCalendar.EnsureAsync(db, rules.Calendar, ct);
        var today = LocalDate.Today(clock);
        // The province is the whole deployment: its supervisors, like administrators, see every case.
        var scope = new Scope(actor.ScopePrefix, actor.ScopePrefix == "" || actor.JurisdictionLevel == JurisdictionLevel.Province, query.Filter, today);
        var names = await db.Jurisdictions.AsNoTracking().ToDictionaryAsync(j => j.Code, j => Bilingual.Text(j.Name, j.NameEn), ct);
        return query.Panel switch
        {
            DashboardPanel.Weekly => await WeeklyAsync(scope, ct),
            DashboardPanel.OpenNow => await OpenNowAsync(scope, ct),
            DashboardPanel.TimeByLevel => await TimeByAsync(scope, query.Panel, Bilingual.Text("办理用时（按决定层级）", "Time to decision by deciding level"),
                Bilingual.Text("层级", "Level"), "f.level", v => LevelName(Convert.ToInt32(v)), ct),
            DashboardPanel.TimeByCounty => await TimeByAsync(scope, query.Panel, Bilingual.Text("办理用时（按县）", "Time to decision by county"),
                Bilingual.Text("县", "County"), "f.county_code", v => names.GetValueOrDefault((string)v, (string)v), ct),
            DashboardPanel.TimeByDepartment => await TimeByAsync(scope, query.Panel, Bilingual.Text("办理用时（按审查部门）", "Time to decision by reviewing department"),
                Bilingual.Text("部门", "Department"), "f.departments", v => DepartmentName(Convert.ToInt32(v) + 1), ct,
                split: mask => Enumerable.Range(0, 4).Where(b => (mask & (1 << b)) != 0)),
            DashboardPanel.TimeByUseType => await TimeByAsync(scope, query.Panel, Bilingual.Text("办理用时（按用途）", "Time to decision by use type"),
                Bilingual.Text("用途", "Use type"), "f.uses", v => UseName(Convert.ToInt32(v)), ct,
                split: mask => Tasks.UseTypeMask.Types(mask).Select(t => (int)t)),
            DashboardPanel.TimeByStage => await TimeByStageAsync(scope, ct),
            DashboardPanel.Deadlines => await DeadlinesAsync(scope, names, ct),
            DashboardPanel.Pauses => await PausesAsync(scope, ct),
            DashboardPanel.Backlog => await BacklogAsync(scope, ct),
            DashboardPanel.OverdueTasks => await OverdueAsync(scope, names, ct),
            DashboardPanel.WorkloadByReviewer => await WorkloadAsync(scope, byDepartment: false, ct),
            DashboardPanel.WorkloadByDepartment => await WorkloadAsync(scope, byDepartment: true, ct),
            DashboardPanel.SpatialConflicts => await SpatialAsync(scope, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Panel, null),
        };
    }

    /// <summary>The caller's jurisdiction and the filters as SQL conditions on the facts (alias f) with their parameters.</summary>
    private sealed class Scope
    {
        public Scope(string prefix, bool seesEverything, DashboardFilter filter, DateOnly today)
        {
            Today = today;
            From = filter.From ?? today.AddMonths(-12).AddDays(1);
            To = filter.To ?? today;
            Parameters.Add(new NpgsqlParameter("scope", prefix + "%"));
            Parameters.Add(new NpgsqlParameter("from", From));
            Parameters.Add(new NpgsqlParameter("to", To));
            Parameters.Add(new NpgsqlParameter("today", today));
            // Whole weeks (Monday to Sunday) inside the period come from the weekly roll-up, the days at either edge from the facts.
            var firstWeek = From.AddDays((7 - ((int)From.DayOfWeek + 6) % 7) % 7);
            var lastWeek = To.AddDays(-(((int)To.DayOfWeek + 6) % 7)).AddDays(To.DayOfWeek == DayOfWeek.Sunday ? 0 : -7);
            var whole = firstWeek <= lastWeek;
            Parameters.Add(new NpgsqlParameter("w1", whole ? firstWeek : To.AddDays(1)));
            Parameters.Add(new NpgsqlParameter("w2", whole ? lastWeek : From.AddDays(-1)));
            Parameters.Add(new NpgsqlParameter("e1", whole ? firstWeek.AddDays(-1) : To));
            Parameters.Add(new NpgsqlParameter("e2", whole ? lastWeek.AddDays(7) : To.AddDays(1)));
            var where = new StringBuilder("f.county_code LIKE @scope");
            if (filter.County is { } county)
            {
                where.Append(" AND f.county_code = @county");
                Parameters.Add(new NpgsqlParameter("county", county));
            }
            if (filter.UseType is { } use)
            {
                where.Append(" AND f.uses & @uses <> 0");
                Parameters.Add(new NpgsqlParameter("uses", (short)Tasks.UseTypeMask.Bit(use)));
            }
            if (filter.Level is { } level)
            {
                where.Append(" AND f.level = @level");
                Parameters.Add(new NpgsqlParameter("level", (short)level));
            }
            Where = where.ToString();
            Unfiltered = seesEverything && filter.County is null && filter.UseType is null && filter.Level is null;
            WorkloadWhere = filter.County is null ? "w.county_code LIKE @scope" : "w.county_code LIKE @scope AND w.county_code = @county";
        }

        public DateOnly Today { get; }
        public DateOnly From { get; }
        public DateOnly To { get; }
        public string Where { get; }
        public bool Unfiltered { get; }

        /// <summary>Decided cases of the period outside the whole weeks (alias f on the facts).</summary>
        public string EdgeDays => "f.decided AND (f.closed_on BETWEEN @from AND @e1 OR f.closed_on BETWEEN @e2 AND @to)";
        public string WorkloadWhere { get; }
        public List<NpgsqlParameter> Parameters { get; } = [];
    }

    private async Task<DashboardTable> WeeklyAsync(Scope s, CancellationToken ct)
    {
        // From the daily roll-up (a few hundred rows a day at most); the weeks are summed here.
        var rows = await RowsAsync(s, $"""
            SELECT f.day, sum(f.received)::int, sum(f.decided)::int FROM dashboard_daily f
            WHERE {s.Where} AND f.day BETWEEN @from AND @to GROUP BY f.day
            """, ct);
        var weeks = new SortedDictionary<DateOnly, (int Received, int Decided)>();
        foreach (var r in rows)
        {
            var w = WeekOf((DateOnly)r[0]!);
            var (received, decided) = weeks.GetValueOrDefault(w);
            weeks[w] = (received + (int)r[1]!, decided + (int)r[2]!);
        }
        return new DashboardTable(DashboardPanel.Weekly, Bilingual.Text("每周收件与办结", "Cases received and decided per week"), "line",
            [new("week", Bilingual.Text("周（起始日）", "Week (starting)")), new("received", Bilingual.Text("收件", "Received"), true), new("decided", Bilingual.Text("作出决定", "Decided"), true)],
            weeks.Where(w => w.Value != (0, 0)).Select(w => (IReadOnlyList<object?>)[Date(w.Key), w.Value.Received, w.Value.Decided]).ToList());
    }

    private static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private async Task<DashboardTable> OpenNowAsync(Scope s, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT f.status, count(*)::int, count(*) FILTER (WHERE f.paused_since IS NOT NULL)::int FROM dashboard_case_facts f
            WHERE {s.Where} AND f.is_open GROUP BY f.status
            """, ct);
        string[] order = ["AwaitingAcceptance", "UnderReview", "AwaitingDecision", "AwaitingCorrection"];
        var table = order.Select(status => rows.FirstOrDefault(r => (string)r[0]! == status) ?? [status, 0, 0])
            .Select(r => (IReadOnlyList<object?>)[StatusName((string)r[0]!), r[1]]).ToList();
        table.Add([Bilingual.Text("合计", "Total"), table.Sum(r => (int)r[1]!)]);
        return new DashboardTable(DashboardPanel.OpenNow, Bilingual.Text("当前在办案件", "Open cases now"), "bar",
            [new("stage", Bilingual.Text("所处环节", "Where it stands")), new("cases", Bilingual.Text("案件数", "Cases"), true)], table);
    }

    private async Task<DashboardTable> TimeByAsync(Scope s, DashboardPanel panel, string title, string dimension, string key, Func<object, string> label,
        CancellationToken ct, Func<int, IEnumerable<int>>? split = null)
    {
        var rows = await RowsAsync(s, $"""
            SELECT k, days, sum(n)::int FROM (
                SELECT {key} AS k, f.days, f.n FROM dashboard_weekly_durations f
                WHERE f.metric = 0 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT {key}, f.days_to_decision, 1 FROM dashboard_case_facts f
                WHERE {s.EdgeDays} AND f.days_to_decision IS NOT NULL AND {s.Where}) x
            GROUP BY 1, 2
            """, ct);
        // A case with several departments (or uses) counts under each: the grouped bit masks are split here.
        var keyed = split is null ? rows : rows.SelectMany(r => split(Convert.ToInt32(r[0])).Select(k => new object?[] { k, r[1], r[2] })).ToList();
        var table = keyed.GroupBy(r => r[0]!).Where(g => g.Sum(r => (int)r[2]!) > 0).OrderBy(g => g.Key)
            .Select(g =>
            {
                var histogram = g.Select(r => (Convert.ToInt32(r[1]), (int)r[2]!)).ToList();
                return (IReadOnlyList<object?>)[label(g.Key), histogram.Sum(h => h.Item2), Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9)];
            }).ToList();
        return new DashboardTable(panel, title, "bar",
            [new("group", dimension), new("decided", Bilingual.Text("已决定案件", "Decided cases"), true),
             new("median", Bilingual.Text("中位数（工作日）", "Median (working days)"), true), new("p90", Bilingual.Text("90% 分位（工作日）", "90th percentile (working days)"), true)],
            table, Note: Bilingual.Text("自受理至作出决定，扣除补正等暂停期间", "From acceptance to decision, paused time excluded"));
    }

    private async Task<DashboardTable> TimeByStageAsync(Scope s, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT metric, days, sum(n)::int FROM (
                SELECT f.metric, f.days, f.n FROM dashboard_weekly_durations f
                WHERE f.metric BETWEEN 1 AND 5 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT m.metric, m.days, 1 FROM dashboard_case_facts f
                CROSS JOIN LATERAL (VALUES (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
                WHERE {s.EdgeDays} AND m.days IS NOT NULL AND {s.Where}) x
            GROUP BY 1, 2
            """, ct);
        string[] stages = [Bilingual.Text("受理", "Acceptance"), Bilingual.Text("县级审查", "County review"), Bilingual.Text("市级审查", "City review"),
            Bilingual.Text("省级审查", "Province review"), Bilingual.Text("作出决定", "Decision")];
        var table = Enumerable.Range(1, 5).Select(stage =>
        {
            var histogram = rows.Where(r => Convert.ToInt32(r[0]) == stage).Select(r => (Convert.ToInt32(r[1]), (int)r[2]!)).ToList();
            return (IReadOnlyList<object?>)[stages[stage - 1], histogram.Sum(h => h.Item2), Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9)];
        }).ToList();
        return new DashboardTable(DashboardPanel.TimeByStage, Bilingual.Text("各环节用时", "Time per stage"), "bar",
            [new("stage", Bilingual.Text("环节", "Stage")), new("cases", Bilingual.Text("案件数", "Cases"), true),
             new("median", Bilingual.Text("中位数（工作日）", "Median (working days)"), true), new("p90", Bilingual.Text("90% 分位（工作日）", "90th percentile (working days)"), true)],
            table, Note: Bilingual.Text("期间内作出决定的案件；各级审查自该级首个审查任务开始至最后一个部门意见", "Cases decided in the period; a level's review runs from its first review task to the last department's opinion"));
    }

    private async Task<DashboardTable> DeadlinesAsync(Scope s, Dictionary<string, string> names, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT county_code, sum(n)::int,
                   coalesce(sum(n) FILTER (WHERE days <= @limit), 0)::int,
                   coalesce(sum(n) FILTER (WHERE extended), 0)::int,
                   coalesce(sum(n) FILTER (WHERE days <= @limit + CASE WHEN extended THEN @extension ELSE 0 END), 0)::int
            FROM (
                SELECT f.county_code, f.days, f.extended, f.n FROM dashboard_weekly_durations f
                WHERE f.metric = 0 AND f.week BETWEEN @w1 AND @w2 AND {s.Where}
                UNION ALL
                SELECT f.county_code, f.days_to_decision, f.extended, 1 FROM dashboard_case_facts f
                WHERE {s.EdgeDays} AND f.days_to_decision IS NOT NULL AND {s.Where}) x
            GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1
            """, ct, new NpgsqlParameter("limit", rules.TimeLimits.WholeCase), new NpgsqlParameter("extension", rules.TimeLimits.Extension.Days));
        var table = rows.Select(r => Deadline(names.GetValueOrDefault((string)r[0]!, (string)r[0]!), (int)r[1]!, (int)r[2]!, (int)r[3]!, (int)r[4]!)).ToList();
        if (rows.Count > 1)
            table.Add(Deadline(Bilingual.Text("合计", "Total"), rows.Sum(r => (int)r[1]!), rows.Sum(r => (int)r[2]!), rows.Sum(r => (int)r[3]!), rows.Sum(r => (int)r[4]!)));
        return new DashboardTable(DashboardPanel.Deadlines, Bilingual.Text("按期办结率", "Decided within the time limit"), "bar",
            [new("county", Bilingual.Text("县", "County")), new("decided", Bilingual.Text("已决定案件", "Decided cases"), true),
             new("withinStatutory", Bilingual.Text($"法定期限内（{rules.TimeLimits.WholeCase} 个工作日）%", $"Within the statutory limit ({rules.TimeLimits.WholeCase} working days) %"), true),
             new("extended", Bilingual.Text("延长期限的案件", "Cases extended"), true),
             new("withinExtended", Bilingual.Text("适用期限内（含延长）%", "Within the applicable limit (with extension) %"), true)],
            table);

        IReadOnlyList<object?> Deadline(string label, int decided, int within, int extended, int withinExtended) =>
            [label, decided, Share(within, decided), extended, Share(withinExtended, decided)];
    }

    private async Task<DashboardTable> PausesAsync(Scope s, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT f.reason,
                   coalesce(f.working_days, (SELECT t.ordinal FROM dashboard_calendar t WHERE t.day = @today) - (SELECT t.ordinal FROM dashboard_calendar t WHERE t.day = f.from_on - 1)) AS days,
                   count(*)::int
            FROM dashboard_pause_facts f
            WHERE {s.Where} AND f.from_on BETWEEN @from AND @to
            GROUP BY f.reason, days
            """, ct);
        // Rows come per (reason, length): the lengths make the median and 90th percentile of each reason.
        var detail = await RowsAsync(s, $"""
            SELECT f.reason, count(DISTINCT f.case_id)::int, count(*)::int, count(*) FILTER (WHERE f.to_on IS NULL)::int
            FROM dashboard_pause_facts f
            WHERE {s.Where} AND f.from_on BETWEEN @from AND @to
            GROUP BY f.reason ORDER BY 2 DESC
            """, ct);
        var table = detail.Select(d =>
        {
            var histogram = rows.Where(r => (string)r[0]! == (string)d[0]!).Select(r => (Convert.ToInt32(r[1] ?? 0), (int)r[2]!)).ToList();
            return (IReadOnlyList<object?>)[d[0], d[1], d[2], d[3], Percentiles.Of(histogram, 0.5), Percentiles.Of(histogram, 0.9), histogram.Sum(h => (long)h.Item1 * h.Item2)];
        }).ToList();
        return new DashboardTable(DashboardPanel.Pauses, Bilingual.Text("暂停计时（按原因）", "Clock paused, by reason"), "bar",
            [new("reason", Bilingual.Text("原因", "Reason")), new("cases", Bilingual.Text("案件数", "Cases"), true), new("pauses", Bilingual.Text("暂停次数", "Pauses"), true),
             new("ongoing", Bilingual.Text("仍在暂停", "Still paused"), true), new("median", Bilingual.Text("中位数（工作日）", "Median (working days)"), true),
             new("p90", Bilingual.Text("90% 分位（工作日）", "90th percentile (working days)"), true), new("total", Bilingual.Text("合计（工作日）", "Total (working days)"), true)],
            table, Note: Bilingual.Text("期间内开始的暂停；仍在暂停的计至今日", "Pauses that began in the period; ongoing ones count up to today"));
    }

    private async Task<DashboardTable> BacklogAsync(Scope s, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT CASE WHEN age <= 10 THEN 1 WHEN age <= 20 THEN 2 WHEN age <= 45 THEN 3 ELSE 4 END, count(*)::int FROM (
                SELECT @todayOrdinal - f.start_ordinal - f.paused_days - coalesce(@todayOrdinal - f.paused_ordinal, 0) AS age
                FROM dashboard_case_facts f WHERE {s.Where} AND f.is_open) x
            GROUP BY 1
            """, ct, new NpgsqlParameter("todayOrdinal", await TodayOrdinalAsync(s, ct)));
        string[] buckets = [Bilingual.Text("0–10 个工作日", "0–10 working days"), Bilingual.Text("11–20 个工作日", "11–20 working days"),
            Bilingual.Text("21–45 个工作日", "21–45 working days"), Bilingual.Text("45 个工作日以上", "Over 45 working days")];
        var table = Enumerable.Range(1, 4).Select(b => (IReadOnlyList<object?>)[buckets[b - 1], rows.FirstOrDefault(r => Convert.ToInt32(r[0]) == b)?[1] ?? 0]).ToList();
        return new DashboardTable(DashboardPanel.Backlog, Bilingual.Text("在办案件时长分布", "Backlog ageing"), "bar",
            [new("age", Bilingual.Text("已用时", "Age")), new("cases", Bilingual.Text("案件数", "Cases"), true)], table,
            Note: Bilingual.Text("自受理（未受理的自提交）起计，扣除暂停期间", "From acceptance (or submission if not yet accepted), paused time excluded"));
    }

    private async Task<DashboardTable> OverdueAsync(Scope s, Dictionary<string, string> names, CancellationToken ct)
    {
        var rows = await RowsAsync(s, $"""
            SELECT c.id, c.number, c.project_name, t.name, t.level, t.jurisdiction_code, t.department, t.assignee_name, t.due_on,
                   (SELECT ordinal FROM dashboard_calendar WHERE day = @today) - (SELECT ordinal FROM dashboard_calendar WHERE day = t.due_on)
            FROM review_tasks t JOIN dashboard_case_facts f ON f.case_id = t.case_id JOIN cases c ON c.id = t.case_id
            WHERE t.status = 'Open' AND t.stage <> 'Correction' AND t.due_on < @today AND f.is_open AND {s.Where}
            ORDER BY t.due_on, c.number LIMIT 500
            """, ct);
        var unclaimed = Bilingual.Text("（未签收）", "(unclaimed)");
        return new DashboardTable(DashboardPanel.OverdueTasks, Bilingual.Text("当前超期任务", "Overdue tasks now"), "none",
            [new("case", Bilingual.Text("案件编号", "Case")), new("project", Bilingual.Text("项目", "Project")), new("task", Bilingual.Text("任务", "Task")),
             new("jurisdiction", Bilingual.Text("办理机关", "Held at")), new("holder", Bilingual.Text("承办人", "Held by")),
             new("due", Bilingual.Text("办理期限", "Due")), new("overdue", Bilingual.Text("超期（工作日）", "Overdue (working days)"), true)],
            rows.Select(r => (IReadOnlyList<object?>)[r[1], r[2], r[3],
                names.GetValueOrDefault((string)r[5]!, (string)r[5]!) + (r[6] is string d ? " " + DepartmentName((int)Enum.Parse<Department>(d)) : ""),
                r[7] ?? unclaimed, Date(r[8]), r[9]]).ToList(),
            rows.Select(r => (string?)$"/cases/{r[0]}").ToList(),
            Bilingual.Text("最多列出 500 项，最早到期的在前", "At most 500, the earliest due first"));
    }

    private async Task<DashboardTable> WorkloadAsync(Scope s, bool byDepartment, CancellationToken ct)
    {
        // Completed: the daily roll-up of finished tasks; open: tasks people hold or may take now.
        var key = byDepartment ? "department" : "user_name";
        // Seeing everything, unfiltered: open tasks need no join with the facts to be in scope.
        var openTasks = s.Unfiltered
            ? "FROM review_tasks t WHERE t.status = 'Open' AND t.stage <> 'Correction'"
            : $"FROM review_tasks t JOIN dashboard_case_facts f ON f.case_id = t.case_id WHERE t.status = 'Open' AND t.stage <> 'Correction' AND f.is_open AND {s.Where}";
        var rows = await RowsAsync(s, $"""
            SELECT k, sum(completed)::int, sum(open)::int, sum(overdue)::int FROM (
                SELECT w.{key} AS k, w.completed, 0 AS open, 0 AS overdue FROM dashboard_workload w
                WHERE {s.WorkloadWhere} AND w.day BETWEEN @from AND @to
                UNION ALL
                SELECT {(byDepartment ? "coalesce(t.department, '')" : "coalesce(t.assignee_name, '')")}, 0, 1, CASE WHEN t.due_on < @today THEN 1 ELSE 0 END
                {openTasks}) x
            GROUP BY k ORDER BY 2 DESC, 1
            """, ct);
        var table = rows.Select(r => (IReadOnlyList<object?>)[
            byDepartment ? ((string)r[0]! == "" ? Bilingual.Text("受理窗口", "Acceptance window") : DepartmentName((int)Enum.Parse<Department>((string)r[0]!)))
                         : ((string)r[0]! == "" ? Bilingual.Text("（未签收）", "(unclaimed)") : r[0]),
            r[1], r[2], r[3]]).ToList();
        return new DashboardTable(byDepartment ? DashboardPanel.WorkloadByDepartment : DashboardPanel.WorkloadByReviewer,
            byDepartment ? Bilingual.Text("各部门工作量", "Workload per department") : Bilingual.Text("各承办人工作量", "Workload per reviewer"), "bar",
            [new("name", byDepartment ? Bilingual.Text("部门", "Department") : Bilingual.Text("承办人", "Reviewer")),
             new("completed", Bilingual.Text("期间内办结任务", "Tasks completed in the period"), true),
             new("open", Bilingual.Text("当前待办", "Open now"), true), new("overdue", Bilingual.Text("其中超期", "Of which overdue"), true)],
            table, Note: Bilingual.Text("办结数不受用途、层级筛选影响", "Completed counts ignore the use-type and level filters"));
    }

    private async Task<DashboardTable> SpatialAsync(Scope s, CancellationToken ct)
    {
        var categories = rules.Catalogue.Categories;
        // One row per category hit (its place in the catalogue, from 1); categories nobody hit count 0.
        var hits = (await RowsAsync(s, $"""
            SELECT f.category, sum(f.cases)::int, sum(f.area)::float8 FROM dashboard_daily_hits f
            WHERE {s.Where} AND f.day BETWEEN @from AND @to GROUP BY f.category
            """, ct)).ToDictionary(r => Convert.ToInt32(r[0]), r => (Cases: (int)r[1]!, Area: (double)r[2]!));
        var table = categories.Select((c, i) => (IReadOnlyList<object?>)[
            $"{c.Code} {Bilingual.Text(c.Name, c.NameEn)}", hits.GetValueOrDefault(i + 1).Cases, Math.Round(hits.GetValueOrDefault(i + 1).Area / 10_000, 2)]).ToList();
        return new DashboardTable(DashboardPanel.SpatialConflicts, Bilingual.Text("压占管控底图情况", "Spatial conflicts by base-map category"), "bar",
            [new("category", Bilingual.Text("底图类别", "Category")), new("cases", Bilingual.Text("压占案件数", "Cases hitting it"), true),
             new("areaHa", Bilingual.Text("压占面积（公顷）", "Area involved (ha)"), true)], table,
            Note: Bilingual.Text("期间内提交并完成落图分析的案件", "Cases submitted in the period whose boundary was checked"));
    }

    // The last calendar day up to today: before next year's holiday file is published, ages are counted to the end of the known calendar instead of failing.
    private async Task<int> TodayOrdinalAsync(Scope s, CancellationToken ct) =>
        (await RowsAsync(s, "SELECT ordinal FROM dashboard_calendar WHERE day <= @today ORDER BY day DESC LIMIT 1", ct)) is [var row, ..] ? Convert.ToInt32(row[0]) : 0;

    private async Task<List<object?[]>> RowsAsync(Scope s, string sql, CancellationToken ct, params NpgsqlParameter[] extra)
    {
        var connection = db.Database.GetDbConnection();
        var close = connection.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var p in s.Parameters.Concat(extra)) command.Parameters.Add(p.Clone());
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<object?[]>();
            while (await reader.ReadAsync(ct))
            {
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(values);
            }
            return rows;
        }
        finally
        {
            if (close) await db.Database.CloseConnectionAsync();
        }
    }

    private static string Date(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "",
    };

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round(part * 100.0 / whole, 1);

    private static string LevelName(int level) => Names.Of((JurisdictionLevel)level).Text();

    private static string DepartmentName(int department) => Names.Of((Department)department).Text();

    private static string UseName(int use) => Names.Of((UseType)use).Text();

    private static string StatusName(string status) =>
        Enum.TryParse<CaseStatus>(status, out var known) ? Names.Of(known).Text() : status;
}
