using System.Data;
using Approvals.Domain.Naming;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using Approvals.Workflows.Runtime;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.GetCase;

/// <summary>Everything about one case the caller may see: where it stands, its deadlines, paused time, tasks, timeline and decision.</summary>
public sealed record GetCaseQuery(Guid CaseId) : IQuery<CaseView>;

public sealed record CaseView(
    Guid Id, string Number, CaseStatus Status, string CountyCode, string ProjectName, string? ProjectCode, string ProjectOwner,
    string ProjectType, string DeclaredApprovalLevel, IReadOnlyList<CaseUse> Uses, double BoundaryAreaM2,
    string? CurrentLevel, string? DecidingLevel, IReadOnlyList<string> RequiredDepartments, bool ForwardToNational,
    DateTimeOffset SubmittedAt, DateOnly? AcceptedOn, DateOnly? DueOn, bool Extended, string? ExtensionReason,
    DateTimeOffset? PausedSince, int PausedWorkingDays, IReadOnlyList<PauseView> Pauses,
    IReadOnlyList<OpenTaskView> OpenTasks, IReadOnlyList<TimelineEntry> Timeline, DecisionView? Decision,
    string WorkflowDefinition, int WorkflowVersion, IReadOnlyList<string> CurrentActivities, string? SpatialReport,
    IReadOnlyList<JournalLine> Journal, string? NationalKeyProject, bool InfrastructurePublicOrDefence,
    IReadOnlyList<CaseConflictView> Conflicts);

/// <summary>One activity run of the case's workflow (staff only: it is the process's inner history).</summary>
public sealed record JournalLine(DateTimeOffset At, string? Activity, string? ActivityType, string Event, string Outcomes, string? Actor);

public sealed record PauseView(string Reason, DateTimeOffset From, DateTimeOffset? To);
public sealed record OpenTaskView(Guid Id, string Name, TaskStage Stage, string Level, string JurisdictionCode, string? Department, DateOnly DueOn, string? AssigneeName, string? CorrectionRequest);
public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Kind, string Summary, string SummaryEn, string? Opinion, string? Level, string? Department, bool Internal);
/// <summary>
/// How the case closed. An approval or a refusal is a document: its number, its issuing authorities (会签), the final
/// conditions with who asked for each, the end of an approval's validity, a refusal's legal basis (the decider's, or the
/// configured default in the reader's language).
/// </summary>
public sealed record DecisionView(CaseStatus Result, string? DocumentNumber, string? Opinion, IReadOnlyList<Decisions.DecisionCondition> Conditions,
    string? Level, string? DecidedBy, DateTimeOffset? At, string? WithdrawalReason,
    IReadOnlyList<Decisions.IssuingAuthority> Issuers, DateOnly? ValidUntil, string? LegalBasis);

public sealed class GetCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, TimeProvider clock, CaseReadAudit reads,
    Configuration.ApprovalsOptions options)
    : IQueryHandler<GetCaseQuery, CaseView>
{
    public async ValueTask<CaseView> Handle(GetCaseQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        // One snapshot for every read below: the case row, its tasks, timeline and workflow are written together
        // (routing sets the departments and opens their reviews in one transaction), and separate READ COMMITTED
        // statements could straddle such a commit, answering "no departments yet" beside the departments' open tasks.
        await using (var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct))
        {
            await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
            var view = await ReadAsync(query.CaseId, actor, ct);
            await snapshot.CommitAsync(ct);
            // After the snapshot, in a transaction of its own: appending to the audit chain needs the chain's current
            // tail, which a snapshot taken earlier may not see.
            await reads.RecordAsync(view.CaseId, view.OrganisationId, "case", null, ct);
            return view.Case;
        }
    }

    private async Task<(CaseView Case, Guid CaseId, Guid OrganisationId)> ReadAsync(Guid caseId, Actor actor, CancellationToken ct)
    {
        var c = await CaseAccess.FindVisibleAsync(db, actor, caseId, ct);
        var applicant = actor.IsInRole(Roles.Applicant);
        var pauses = await db.Set<CasePause>().AsNoTracking().Where(p => p.CaseId == c.Id).OrderBy(p => p.From).ToListAsync(ct);
        var tasks = await db.Set<ReviewTask>().AsNoTracking().Where(t => t.CaseId == c.Id && t.Status == ReviewTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var events = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == c.Id && (!applicant || e.VisibleToApplicant))
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var instance = await db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == c.WorkflowInstanceId, ct);
        var state = WorkflowInstanceState.FromJson(instance.State);

        var journal = applicant ? [] : await db.Set<WorkflowJournalRecord>().AsNoTracking()
            .Where(j => j.InstanceId == c.WorkflowInstanceId).OrderBy(j => j.Id)
            .Select(j => new JournalLine(j.At, j.ActivityName, j.ActivityType, j.Event, j.Outcomes, j.Actor)).ToListAsync(ct);
        // Read live, not kept from the submission: a case submitted later over the same land is a conflict of this one too.
        var conflicts = BoundaryConflicts.ViewFor(actor, await BoundaryConflicts.FindAsync(db, c.Boundary, c.Id, options, clock.GetUtcNow(), ct));
        var today = LocalDate.Today(clock);
        var pausedDays = pauses.Sum(p => rules.Calendar.ElapsedWorkingDays(LocalDate.Of(p.From), p.To is { } to ? LocalDate.Of(to) : today, []));
        var closed = c.Status.IsClosed();
        return (new CaseView(c.Id, c.Number, c.Status, c.CountyCode, c.ProjectName, c.ProjectCode, c.ProjectOwner, c.ProjectType,
            c.DeclaredApprovalLevel.ToString(), c.Uses, c.BoundaryAreaM2, c.CurrentLevel?.ToString(), c.DecidingLevel?.ToString(),
            c.RequiredDepartments, c.ForwardToNational, c.SubmittedAt, c.AcceptedOn, c.DueOn, c.Extended, c.ExtensionReason,
            c.PausedSince, pausedDays, pauses.Select(p => new PauseView(p.Reason, p.From, p.To)).ToList(),
            tasks.Select(t => new OpenTaskView(t.Id, Names.Step(t.Name, t.Stage, t.Department).Text(), t.Stage, t.Level.ToString(), t.JurisdictionCode, t.Department?.ToString(), t.DueOn,
                applicant ? null : t.AssigneeName, t.CorrectionRequest)).ToList(),
            events.Select(e => new TimelineEntry(e.At, e.Actor == Names.SystemActor.Zh ? Names.SystemActor.Text() : e.Actor, e.Kind, e.Summary, e.SummaryEn,
                e.OpinionEn is { } opinionEn ? Bilingual.Text(e.Opinion ?? opinionEn, opinionEn) : e.Opinion, e.Level?.ToString(), e.Department, !e.VisibleToApplicant)).ToList(),
            closed ? new DecisionView(c.Status, c.DocumentNumber, c.DecisionOpinion, c.DecisionConditions, c.DecidedAtLevel?.ToString(), c.DecidedBy, c.ClosedAt,
                c.WithdrawalReason, c.DecisionIssuers, c.DecisionValidUntil,
                c.Status == CaseStatus.Refused ? c.DecisionLegalBasis ?? rules.DecisionDocuments.LegalBasis(Workflows.Activities.CaseTaskActivity.LeadDepartment(c.RequiredDepartments)).Text() : null) : null,
            instance.DefinitionId, instance.DefinitionVersion, state.ActiveActivityIds(), c.SpatialReport, journal,
            c.NationalKeyProject?.ToString(), c.InfrastructurePublicOrDefence, conflicts), c.Id, c.OrganisationId);
    }
}
