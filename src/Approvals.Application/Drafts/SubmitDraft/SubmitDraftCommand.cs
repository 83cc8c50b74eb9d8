using Approvals.Application.Attachments;
using Approvals.Application.Cases;
using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.SubmitDraft;

/// <summary>
/// The applicant submits a complete draft: it becomes a case (through <see cref="SubmitCaseCommand"/>)
/// and records which, in the same transaction, under a lock on the draft's row. A double click or a
/// retry finds the case already made and answers with it; drafts.case_id is unique besides. It is refused
/// (400, one message per item) until every required material of <c>workflows/required-documents.json</c> is attached.
/// </summary>
public sealed record SubmitDraftCommand(Guid DraftId) : ICommand<SubmittedCase>;

public sealed class SubmitDraftHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, IMediator mediator, BoundaryReader reader, TimeProvider clock, ProvinceRules rules,
    Configuration.ApprovalsOptions options)
    : ICommandHandler<SubmitDraftCommand, SubmittedCase>
{
    public async ValueTask<SubmittedCase> Handle(SubmitDraftCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The row lock makes a second submission of the same draft wait for the first and then see its case.
        await DraftAccess.LockAsync(db, command.DraftId, ct);
        var draft = await DraftAccess.FindOwnAsync(db, actor, command.DraftId, ct, track: true);
        if (draft.CaseId is { } already)
        {
            return await BoundaryConflicts.SubmittedAsync(db, actor, already, options, clock.GetUtcNow(), ct);
        }

        var missing = new List<ValidationFailure>();
        if (!draft.ProjectComplete) missing.Add(new("project", Bilingual.Text("请先填写项目信息", "Fill in the project first")));
        if (!draft.UsesComplete) missing.Add(new("uses", Bilingual.Text("请先选择申请用途", "Choose the uses first")));
        if (!draft.BoundaryComplete) missing.Add(new("boundary", Bilingual.Text("请先提供项目红线", "Give the boundary first")));
        // Read under the draft's lock: a document removed meanwhile has been removed before this count.
        var checklist = await DocumentChecklist.BuildAsync(db, rules.RequiredDocuments, draft.Id, null, ct);
        missing.AddRange(checklist.Missing.Select(item => new ValidationFailure("documents",
            Bilingual.Text($"缺少申请材料：{item.Name.Zh}", $"Missing document: {item.Name.En}"))));
        if (missing.Count > 0) throw new ValidationException(missing);

        var (geoJson, text, srid) = DraftPreCheck.ForSubmission(reader, draft.BoundaryFile!, draft.BoundaryFileName, draft.BoundarySrid);
        var submitted = await mediator.Send(new SubmitCaseCommand(
            $"draft:{draft.Id}", draft.CountyCode!, new ProjectInput(draft.ProjectName!, draft.ProjectCode, draft.ProjectOwner!, draft.ProjectType!),
            draft.DeclaredApprovalLevel!.Value, draft.Uses, geoJson, text, srid, draft.NationalKeyProject, draft.InfrastructurePublicOrDefence), ct);

        draft.CaseId = submitted.Id;
        draft.SubmittedAt = clock.GetUtcNow();
        // The documents go with the application: from now on the case's access rules apply to them.
        foreach (var attachment in await db.Set<Attachment>().Where(a => a.DraftId == draft.Id).ToListAsync(ct))
        {
            attachment.CaseId = submitted.Id;
            attachment.DraftId = null;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return submitted;
    }
}
