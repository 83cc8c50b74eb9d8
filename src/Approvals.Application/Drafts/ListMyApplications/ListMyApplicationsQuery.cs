using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Tasks;
using Approvals.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.ListMyApplications;

/// <summary>
/// "My applications": my organisation's drafts, its cases in progress (status, current step, working
/// days left) and its decided cases.
/// </summary>
public sealed record ListMyApplicationsQuery : IQuery<MyApplications>;

public sealed record MyApplications(IReadOnlyList<DraftLine> Drafts, IReadOnlyList<CaseLine> InProgress, IReadOnlyList<CaseLine> Decided);

public sealed record DraftLine(Guid Id, string? ProjectName, DateTimeOffset UpdatedAt, bool ProjectComplete, bool UsesComplete, bool BoundaryComplete);

/// <param name="DueOn">The whole case's deadline, or (before acceptance) the current step's.</param>
/// <param name="WorkingDaysLeft">Working days from today to <paramref name="DueOn"/>; negative when late; null while paused or closed.</param>
public sealed record CaseLine(
    Guid Id, string Number, string ProjectName, CaseStatus Status, DateTimeOffset SubmittedAt, IReadOnlyList<string> CurrentSteps,
    DateOnly? DueOn, int? WorkingDaysLeft, bool Paused, DateTimeOffset? ClosedAt, string? DocumentNumber);

public sealed class ListMyApplicationsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock)
    : IQueryHandler<ListMyApplicationsQuery, MyApplications>
{
    public async ValueTask<MyApplications> Handle(ListMyApplicationsQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is not { } organisation)
            throw new ForbiddenException(Bilingual.Text("只有申请人有“我的申请”", "Only applicants have applications"));

        var drafts = (await db.Set<Draft>().AsNoTracking().Where(d => d.OrganisationId == organisation && d.CaseId == null)
            .OrderByDescending(d => d.UpdatedAt).ToListAsync(ct))
            .Select(d => new DraftLine(d.Id, d.ProjectName, d.UpdatedAt, d.ProjectComplete, d.UsesComplete, d.BoundaryComplete)).ToList();
        var cases = await db.Set<Case>().AsNoTracking().Where(c => c.OrganisationId == organisation)
            .OrderByDescending(c => c.SubmittedAt).Take(500).ToListAsync(ct);
        var ids = cases.Select(c => c.Id).ToList();
        var tasks = await db.Set<ReviewTask>().AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.Status == ReviewTaskStatus.Open)
            .OrderBy(t => t.CreatedAt).Select(t => new { t.CaseId, t.Name, t.DueOn }).ToListAsync(ct);
        var today = LocalDate.Today(clock);

        var lines = cases.Select(c =>
        {
            var open = tasks.Where(t => t.CaseId == c.Id).ToList();
            var due = c.DueOn ?? open.Select(t => (DateOnly?)t.DueOn).Min();
            var paused = c.PausedSince is not null;
            int? left = c.IsClosed || paused || due is null ? null : rules.Calendar.WorkingDaysLeft(today, due.Value);
            return new CaseLine(c.Id, c.Number, c.ProjectName, c.Status, c.SubmittedAt, open.Select(t => t.Name).Distinct().ToList(),
                due, left, paused, c.ClosedAt, c.DocumentNumber);
        }).ToList();
        return new MyApplications(drafts, lines.Where(l => !l.Status.IsClosed()).ToList(), lines.Where(l => l.Status.IsClosed()).ToList());
    }
}
