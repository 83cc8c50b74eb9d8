using Approvals.Application.Configuration;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Decisions.DraftDecision;

/// <summary>
/// What the deciding reviewer starts from: every condition the reviews attached (each with its department's authority and
/// the review it came from), who will issue the decision (会签), the legal basis a refusal cites unless they write another,
/// and how long an approval stays valid.
/// </summary>
public sealed record DraftDecisionQuery(Guid TaskId) : IQuery<DecisionDraft>;

public sealed record DecisionDraft(IReadOnlyList<CollectedCondition> Conditions, IReadOnlyList<IssuingAuthority> Issuers, BilingualText DefaultLegalBasis, int ValidityYears);

public sealed class DraftDecisionHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules, ApprovalsOptions options)
    : IQueryHandler<DraftDecisionQuery, DecisionDraft>
{
    public async ValueTask<DecisionDraft> Handle(DraftDecisionQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var task = await db.Set<ReviewTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.TaskId, ct);
        if (task is null || task.Stage != TaskStage.Decision || !actor.MaySee(task))
            throw new NotFoundException(Bilingual.Text("未找到该审批决定任务", "No such decision task"));
        var required = await db.Set<Cases.Case>().AsNoTracking().Where(c => c.Id == task.CaseId).Select(c => c.RequiredDepartments).SingleAsync(ct);
        return new DecisionDraft(
            await ReviewConditions.CollectAsync(db, rules, task.CaseId, ct),
            await DecisionIssuers.ResolveAsync(db, rules, task.JurisdictionCode, required, ct),
            rules.DecisionDocuments.LegalBasis(CaseTaskActivity.LeadDepartment(required)),
            options.DecisionValidityYears);
    }
}
