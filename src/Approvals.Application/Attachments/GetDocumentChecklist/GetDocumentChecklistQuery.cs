using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Mediator;

namespace Approvals.Application.Attachments.GetDocumentChecklist;

/// <summary>The required materials of a draft or a case, ticked where attached, for whoever may see its documents.</summary>
public sealed record GetDocumentChecklistQuery(Guid? DraftId, Guid? CaseId) : IQuery<DocumentChecklist>;

public sealed class GetDocumentChecklistHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, ProvinceRules rules) : IQueryHandler<GetDocumentChecklistQuery, DocumentChecklist>
{
    public async ValueTask<DocumentChecklist> Handle(GetDocumentChecklistQuery query, CancellationToken ct)
    {
        await AttachmentOwner.CheckReadableAsync(db, actorAccessor.Current, query.DraftId, query.CaseId, ct);
        return await DocumentChecklist.BuildAsync(db, rules.RequiredDocuments, query.DraftId, query.CaseId, ct);
    }
}
