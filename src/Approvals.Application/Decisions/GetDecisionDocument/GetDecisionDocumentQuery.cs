using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Decisions.GetDecisionDocument;

/// <summary>
/// The issued decision document of a case, for whoever may see the case (its applicant's organisation, the staff of its
/// jurisdiction): the text as issued and, with <see cref="WithPdf"/>, the PDF exactly as stored. Null text: the case was
/// decided before documents were issued as PDFs (the page then composes it as before; there is no PDF).
/// </summary>
public sealed record GetDecisionDocumentQuery(Guid CaseId, bool WithPdf = false) : IQuery<IssuedDecisionDocument?>;

public sealed record IssuedDecisionDocument(IssuedDecision Content, string VerificationCode, string Sha256, string? SignedBy, byte[]? Pdf);

public sealed class GetDecisionDocumentHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, CaseReadAudit reads)
    : IQueryHandler<GetDecisionDocumentQuery, IssuedDecisionDocument?>
{
    public async ValueTask<IssuedDecisionDocument?> Handle(GetDecisionDocumentQuery query, CancellationToken ct)
    {
        var c = await CaseAccess.FindVisibleAsync(db, actorAccessor.Current, query.CaseId, ct);
        var row = await db.Set<DecisionDocument>().AsNoTracking().Where(d => d.CaseId == c.Id)
            .Select(d => new { d.Content, d.VerificationCode, d.Sha256, d.SignedBy, Pdf = query.WithPdf ? d.Pdf : null })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            if (query.WithPdf)
                throw new NotFoundException(Bilingual.Text("该案件没有签发的 PDF 决定书（未作出决定，或决定作出于电子文书启用之前）",
                    "This case has no issued PDF decision (it is undecided, or was decided before documents were issued as PDFs)"));
            return null;
        }
        if (query.WithPdf) await reads.RecordAsync(c.Id, c.OrganisationId, "decision.pdf", null, ct);
        var content = System.Text.Json.JsonSerializer.Deserialize<IssuedDecision>(row.Content, DecisionJson.Options)!;
        return new IssuedDecisionDocument(content, row.VerificationCode, row.Sha256, row.SignedBy, row.Pdf);
    }
}
