using Approvals.Application.Attachments;
using Approvals.Application.Attachments.GetDocumentChecklist;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Cases.GetCase;
using Approvals.Application.Cases.GetCasePath;
using Approvals.Application.Decisions.GetDecisionDocument;
using Approvals.Application.Rechecks.ListCaseReportVersions;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Cases;

[Authorize]
public sealed class CaseModel(IMediator mediator) : PageModel
{
    public CaseView Case { get; private set; } = null!;
    public CasePath Path { get; private set; } = null!;
    public IReadOnlyList<AttachmentView> Attachments { get; private set; } = [];
    public DocumentChecklist Documents { get; private set; } = new([]);
    public Shared.ReportVersionsView Reports { get; private set; } = new([]);
    /// <summary>The decision document as issued (its PDF and verification page), once the case is decided; null before.</summary>
    public IssuedDecisionDocument? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        Attachments = await mediator.Send(new ListAttachmentsQuery(null, id), ct);
        Documents = await mediator.Send(new GetDocumentChecklistQuery(null, id), ct);
        Path = await mediator.Send(new GetCasePathQuery(id), ct);
        Reports = new(await mediator.Send(new ListCaseReportVersionsQuery(id), ct));
        if (Case.Decision is not null) Issued = await mediator.Send(new GetDecisionDocumentQuery(id), ct);
        return Page();
    }
}
