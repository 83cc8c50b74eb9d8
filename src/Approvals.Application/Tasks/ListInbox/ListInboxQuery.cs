using Approvals.Domain.Naming;
using System.Text;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Application.Paging;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.Tasks.ListInbox;

/// <summary>
/// A reviewer's (or window clerk's) inbox: one tab of tasks with filters, search, sort and paging, and the
/// size of each tab. "To do" holds the open tasks offered to the caller's role, department and jurisdiction
/// (a city or the province sees the cases forwarded up to it as tasks of its own jurisdiction); "claimed"
/// the open tasks the caller holds; "done" the tasks the caller completed. Supervisors see every open task
/// of their own jurisdiction, administrators every open task.
/// </summary>
public sealed record ListInboxQuery(
    InboxTab Tab = InboxTab.Todo,
    InboxClaim? Claim = null,
    bool OverdueOnly = false,
    UseType? UseType = null,
    string? County = null,
    TaskStage? Stage = null,
    string? Search = null,
    InboxSort Sort = InboxSort.Due,
    bool Descending = false,
    int Page = 1,
    int PageSize = 25) : IQuery<InboxPage>;

public enum InboxTab { Todo = 1, Claimed = 2, Done = 3 }

/// <summary>The status filter of the to-do tab.</summary>
public enum InboxClaim { Unclaimed = 1, ClaimedByOthers = 2, ClaimedByMe = 3 }

public enum InboxSort { Due = 1, Received = 2, CaseNumber = 3 }

/// <param name="CountCap">Counts stop at this figure (shown as "2000+"): counting a long history row by row would cost more than the page itself.</param>
public sealed record InboxPage(
    InboxTab Tab, int Todo, int Claimed, int Done, int Total, int CountCap, int Page, int PageSize,
    IReadOnlyList<InboxRow> Rows, IReadOnlyList<InboxCounty> Counties, DateOnly Today)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record InboxCounty(string Code, string Name, string NameEn);

public sealed record InboxRow(
    Guid TaskId, Guid CaseId, string CaseNumber, string ProjectName, IReadOnlyList<UseType> UseTypes, string CountyCode,
    string TaskName, TaskStage Stage, JurisdictionLevel Level, string JurisdictionCode, string? Department,
    DateTimeOffset ReceivedAt, DateOnly DueOn, int WorkingDaysLeft, bool Overdue,
    Guid? AssigneeId, string? AssigneeName, ReviewTaskStatus Status, DateTimeOffset? CompletedAt, TaskOutcome? Outcome);

public sealed class ListInboxValidator : AbstractValidator<ListInboxQuery>
{
    public ListInboxValidator()
    {
        RuleFor(q => q.Tab).IsInEnum().WithMessage(_ => Bilingual.Text("未知的分页签", "Unknown tab"));
        RuleFor(q => q.Claim).IsInEnum().WithMessage(_ => Bilingual.Text("未知的签收状态", "Unknown claim status"));
        RuleFor(q => q.UseType).IsInEnum().WithMessage(_ => Bilingual.Text("未知的用途", "Unknown use type"));
        RuleFor(q => q.Stage).IsInEnum().WithMessage(_ => Bilingual.Text("未知的环节", "Unknown stage"));
        RuleFor(q => q.Sort).IsInEnum().WithMessage(_ => Bilingual.Text("未知的排序方式", "Unknown sort order"));
        RuleFor(q => q.County).Must(c => c is null || Jurisdiction.IsValidCode(c))
            .WithMessage(_ => Bilingual.Text("行政区划代码应为 6 位数字", "An administrative division code has six digits"));
        RuleFor(q => q.Search).MaximumLength(100)
            .WithMessage(_ => Bilingual.Text("搜索内容不能超过 100 字", "Search for at most 100 characters"));
        RuleFor(q => q.Page).IsPageNumber();
        RuleFor(q => q.PageSize).IsPageSize(100);
    }
}

public sealed class ListInboxHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock)
    : IQueryHandler<ListInboxQuery, InboxPage>
{
    public const int CountCap = 2_000;

    public async ValueTask<InboxPage> Handle(ListInboxQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var today = LocalDate.Today(clock);
        var sql = InboxSql.For(actor, query, today);

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // One round trip: the tab sizes, the filtered total, the page, and the counties the caller may filter by.
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(sql.Command(sql.CountsSql));
            batch.BatchCommands.Add(sql.Command(sql.PageSql));
            var countyList = new NpgsqlBatchCommand();
            countyList.CommandText = $"SELECT code, name, name_en FROM jurisdictions WHERE level = 'County' AND {actor.Jurisdictions.Sql("code", value =>
            {
                countyList.Parameters.Add(new NpgsqlParameter { Value = value });
                return $"${countyList.Parameters.Count}";
            })} ORDER BY code";
            batch.BatchCommands.Add(countyList);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var (todo, claimed, done, total) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            await reader.NextResultAsync(ct);
            var rows = new List<InboxRow>();
            while (await reader.ReadAsync(ct))
            {
                var due = reader.GetFieldValue<DateOnly>(12);
                var status = Enum.Parse<ReviewTaskStatus>(reader.GetString(15));
                rows.Add(new InboxRow(
                    reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                    UseTypeMask.Types(reader.GetInt32(4)), reader.GetString(5),
                    Names.Step(reader.GetString(6), Enum.Parse<TaskStage>(reader.GetString(7)), reader.IsDBNull(10) ? null : Enum.Parse<Approvals.Domain.Departments.Department>(reader.GetString(10))).Text(),
                    Enum.Parse<TaskStage>(reader.GetString(7)), Enum.Parse<JurisdictionLevel>(reader.GetString(8)), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11), due,
                    rules.Calendar.WorkingDaysLeft(today, due), status == ReviewTaskStatus.Open && due < today,
                    reader.IsDBNull(13) ? null : reader.GetGuid(13), reader.IsDBNull(14) ? null : reader.GetString(14), status,
                    reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
                    reader.IsDBNull(17) ? null : Enum.Parse<TaskOutcome>(reader.GetString(17))));
            }
            await reader.NextResultAsync(ct);
            var counties = new List<InboxCounty>();
            while (await reader.ReadAsync(ct)) counties.Add(new InboxCounty(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            return new InboxPage(query.Tab, todo, claimed, done, total, CountCap, query.Page, query.PageSize, rows, counties, today);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// The inbox's SQL, built from the caller and the filters. Every tab starts from an index on the task
/// rows (open tasks by jurisdiction, department and due date; open tasks by assignee; completed tasks by
/// who completed them, newest first) and joins the case by its key, so a page costs about as much as the
/// tasks in the caller's scope, never the whole history.
/// </summary>
internal sealed class InboxSql
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public string CountsSql { get; private set; } = "";
    public string PageSql { get; private set; } = "";

    public NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var p in _parameters) command.Parameters.Add(p.Clone());
        return command;
    }

    private string Add(object value)
    {
        _parameters.Add(new NpgsqlParameter { Value = value });
        return $"${_parameters.Count}";
    }

    public static InboxSql For(Actor actor, ListInboxQuery q, DateOnly today)
    {
        var sql = new InboxSql();
        var me = actor.UserId is { } id ? sql.Add(id) : sql.Add(Guid.Empty);
        var todo = sql.TodoScope(actor);
        var claimed = $"t.status = 'Open' AND t.assignee_id = {me}";
        var done = $"t.status = 'Completed' AND t.completed_by_id = {me}";

        var filters = new StringBuilder();
        if (q.Tab == InboxTab.Todo && q.Claim is { } claim)
            filters.Append(claim switch
            {
                InboxClaim.Unclaimed => " AND t.assignee_id IS NULL",
                InboxClaim.ClaimedByOthers => $" AND t.assignee_id IS NOT NULL AND t.assignee_id <> {me}",
                _ => $" AND t.assignee_id = {me}",
            });
        if (q.OverdueOnly) filters.Append(CultureInvariant($" AND t.status = 'Open' AND t.due_on < {sql.Add(today)}"));
        if (q.Stage is { } stage) filters.Append($" AND t.stage = {sql.Add(stage.ToString())}");
        if (q.County is { } county) filters.Append($" AND t.county_code = {sql.Add(county)}");
        if (q.UseType is { } useType) filters.Append($" AND (t.use_types & {sql.Add(UseTypeMask.Bit(useType))}) <> 0");
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim();
            var pattern = sql.Add("%" + EscapeLike(term) + "%");
            // Case folding costs a lot per row for Chinese text and changes nothing for digits and Chinese: only a
            // term with letters that have a case is compared case-insensitively.
            var like = term == term.ToLowerInvariant() && term == term.ToUpperInvariant() ? "LIKE" : "ILIKE";
            filters.Append($" AND (t.case_number {like} {pattern} OR t.project_name {like} {pattern})");
        }

        var scope = q.Tab switch { InboxTab.Claimed => claimed, InboxTab.Done => done, _ => todo };
        var cap = ListInboxHandler.CountCap + 1;
        var order = q.Tab == InboxTab.Done && q.Sort == InboxSort.Due && !q.Descending
            ? "completed_at DESC, id DESC"
            : q.Sort switch
            {
                InboxSort.Received => q.Descending ? "created_at DESC, id DESC" : "created_at, id",
                InboxSort.CaseNumber => q.Descending ? "case_number DESC, id DESC" : "case_number, id",
                _ => q.Descending ? "due_on DESC, id DESC" : "due_on, id",
            };
        var size = Math.Clamp(q.PageSize, 1, 100);
        var offset = (Math.Max(1, q.Page) - 1) * size;
        // Tab sizes are unfiltered; the total follows the filters (it pages the list). Every condition names only
        // columns the tab's index carries, so the counts and the choice of the page's rows never touch the table.
        sql.CountsSql = $"""
            SELECT
              (SELECT count(*) FROM (SELECT 1 FROM review_tasks t WHERE {todo} LIMIT {cap}) x)::int,
              (SELECT count(*) FROM (SELECT 1 FROM review_tasks t WHERE {claimed} LIMIT {cap}) x)::int,
              (SELECT count(*) FROM (SELECT 1 FROM review_tasks t WHERE {done} LIMIT {cap}) x)::int,
              (SELECT count(*) FROM (SELECT 1 FROM review_tasks t WHERE {scope}{filters} LIMIT {cap}) x)::int
            """;
        sql.PageSql = $"""
            WITH page AS (
                SELECT t.id FROM review_tasks t
                WHERE {scope}{filters}
                ORDER BY {Prefixed(order)}
                LIMIT {size} OFFSET {offset})
            SELECT t.id, t.case_id, t.case_number, t.project_name, t.use_types, t.county_code, t.name, t.stage, t.level,
                   t.jurisdiction_code, t.department, t.created_at, t.due_on, t.assignee_id, t.assignee_name, t.status,
                   t.completed_at, t.outcome
            FROM page JOIN review_tasks t ON t.id = page.id
            ORDER BY {Prefixed(order)}
            """;
        return sql;
    }

    /// <summary>The open tasks in the caller's inbox (<see cref="TaskScope.InboxOf"/>; none for applicants and the unauthenticated).</summary>
    private string TodoScope(Actor actor)
    {
        var scope = TaskScope.InboxOf(actor);
        if (scope.IsNothing) throw Forbidden();
        return $"t.status = 'Open' AND {scope.Sql("t", Add)}";
    }

    private static string Prefixed(string order) => string.Join(", ", order.Split(", ").Select(part => "t." + part));

    private static ForbiddenException Forbidden() =>
        new(Bilingual.Text("审查待办仅供受理窗口、审查人员和督办人员使用", "The inbox is for window clerks, reviewers and supervisors"));

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
