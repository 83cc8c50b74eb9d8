using Approvals.Application.Localization;
using Approvals.Domain.Naming;
using Approvals.Application.Identity;
using Approvals.Application.Paging;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks.ListMyTasks;

/// <summary>The caller's open tasks: those offered to their role, jurisdiction and department, and those they claimed.</summary>
public sealed record ListMyTasksQuery(int Page = 1, int PageSize = 50) : IQuery<TaskPage>;

public sealed record TaskPage(int Total, IReadOnlyList<TaskRow> Tasks);

public sealed record TaskRow(Guid Id, Guid CaseId, string CaseNumber, string ProjectName, string Name, TaskStage Stage,
    string Level, string JurisdictionCode, string? Department, DateTimeOffset CreatedAt, DateOnly DueOn, string? AssigneeName, string? CorrectionRequest);

public sealed class ListMyTasksValidator : AbstractValidator<ListMyTasksQuery>
{
    public ListMyTasksValidator()
    {
        RuleFor(q => q.Page).IsPageNumber();
        RuleFor(q => q.PageSize).IsPageSize(200);
    }
}

public sealed class ListMyTasksHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<ListMyTasksQuery, TaskPage>
{
    public async ValueTask<TaskPage> Handle(ListMyTasksQuery query, CancellationToken ct)
    {
        var a = actorAccessor.Current;
        var tasks = db.Set<ReviewTask>().AsNoTracking().Where(t => t.Status == ReviewTaskStatus.Open)
            .Where(TaskScope.OfferedTo(a).Predicate)
            .Where(t => t.AssigneeId == null || t.AssigneeId == a.UserId);
        var total = await tasks.CountAsync(ct);
        var (page, size) = (query.Page, query.PageSize);
        // Tasks carry their case's number and project (see ReviewTask), so no join with cases is needed.
        var rows = await tasks.OrderBy(t => t.DueOn).ThenBy(t => t.CreatedAt)
            .Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new TaskPage(total, rows.Select(t => new TaskRow(t.Id, t.CaseId, t.CaseNumber, t.ProjectName, Names.Step(t.Name, t.Stage, t.Department).Text(), t.Stage,
            t.Level.ToString(), t.JurisdictionCode, t.Department?.ToString(), t.CreatedAt, t.DueOn, t.AssigneeName, t.CorrectionRequest)).ToList());
    }
}
