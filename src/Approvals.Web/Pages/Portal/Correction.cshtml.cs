using Approvals.Application.Attachments;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Attachments.GetDocumentChecklist;
using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Attachments.RemoveAttachment;
using Approvals.Application.Cases.GetCase;
using Approvals.Application.Cases.ResubmitCase;
using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.Drafts;
using Approvals.Application.Identity;
using Approvals.Application.Rules;
using Approvals.Domain.Documents;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using Approvals.Web.Endpoints;
using Approvals.Web.Errors;
using Approvals.Application.Localization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>
/// Answering a correction request (补正): the request as the reviewer wrote it, the documents (add or
/// remove), and the resubmission with a note, the application's project and uses as corrected
/// (filled in with what was submitted) and, when it changed, a new boundary (checked again).
/// </summary>
[Authorize(Roles = Roles.Applicant)]
[RequestSizeLimit(30 * 1024 * 1024)]
public sealed class CorrectionModel(IMediator mediator, BoundaryReader reader, ProvinceRules rules) : PageModel, IFormPage
{
    public CaseView Case { get; private set; } = null!;
    public string? CorrectionRequest { get; private set; }
    public IReadOnlyList<AttachmentView> Attachments { get; private set; } = [];
    public DocumentChecklist Documents { get; private set; } = new([]);
    public IReadOnlyList<DocumentType> DocumentTypes => rules.RequiredDocuments.Types;
    public FormErrors Errors { get; } = new();

    [BindProperty] public string? Note { get; set; }
    /// <summary>The type chosen for the next upload, kept when the page comes back.</summary>
    [BindProperty] public string? DocumentType { get; set; }
    [BindProperty] public int? Srid { get; set; }
    [BindProperty] public string? ProjectName { get; set; }
    [BindProperty] public string? ProjectCode { get; set; }
    [BindProperty] public string? ProjectOwner { get; set; }
    [BindProperty] public string? ProjectType { get; set; }
    // Left at 0 (no level) when none is chosen: the command's validator says so.
    [BindProperty] public JurisdictionLevel DeclaredApprovalLevel { get; set; }
    // The uses' fields post under their own names (UseLand, ForestAreaHa, …): the form is bound without a prefix.
    [BindProperty(Name = "")] public UseFieldsForm Uses { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return Redirect($"/cases/{id}");
        FillApplication();
        return Page();
    }

    // Uploading and removing a document post the whole correction form (one <form>, the buttons choose the handler)
    // and the page is shown again from what was posted, not reloaded from the case: the note and the edited fields
    // the applicant typed stay as typed. Nothing is kept on the server between requests.
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? attachmentFile, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return Redirect($"/cases/{id}");
        await mediator.Send(new AddAttachmentCommand(null, id, attachmentFile?.FileName, await AttachmentUpload.ReadAsync(attachmentFile, ct), DocumentType), ct);
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return Redirect($"/cases/{id}");
        if (Attachments.Any(a => a.Id == attachmentId))
        {
            await mediator.Send(new RemoveAttachmentCommand(attachmentId), ct);
            await LoadAsync(id, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, IFormFile? boundaryFile, IFormFile? attachmentFile, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return Redirect($"/cases/{id}");
        var uses = Uses.ToUses(Errors);
        if (Errors.Any) return Page();
        // A document chosen but not uploaded goes with the resubmission rather than being dropped.
        if (attachmentFile is { Length: > 0 })
        {
            await mediator.Send(new AddAttachmentCommand(null, id, attachmentFile.FileName, await AttachmentUpload.ReadAsync(attachmentFile, ct), DocumentType), ct);
            await LoadAsync(id, ct);
        }
        ResubmitCaseCommand command = new(id, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Application: new CorrectedApplication(
            new ProjectInput(ProjectName ?? "", ProjectCode, ProjectOwner ?? "", ProjectType ?? ""),
            DeclaredApprovalLevel, uses,
            // Not on this form: kept as submitted.
            Enum.TryParse<NationalKeyProjectKind>(Case.NationalKeyProject, out var key) ? key : null, Case.InfrastructurePublicOrDefence));
        if (boundaryFile is { Length: > 0 })
        {
            var file = await BoundaryUpload.ReadFileAsync(boundaryFile, reader, ct);
            if (file.Error is { } tooLarge)
            {
                Errors.Add("boundary", Bilingual.Text(tooLarge.MessageZh, tooLarge.MessageEn));
                return Page();
            }
            var (geoJson, text, srid) = DraftPreCheck.ForSubmission(reader, file.Content!, boundaryFile.FileName, Srid);
            command = command with { Boundary = geoJson, BoundaryText = text, BoundarySrid = srid };
        }
        await mediator.Send(command, ct);
        return Redirect($"/cases/{id}");
    }

    public async Task ReloadAsync(CancellationToken ct) => await LoadAsync(this.RouteId(), ct);

    /// <summary>The application's fields as submitted (or last corrected).</summary>
    private void FillApplication()
    {
        (ProjectName, ProjectCode, ProjectOwner, ProjectType) = (Case.ProjectName, Case.ProjectCode, Case.ProjectOwner, Case.ProjectType);
        DeclaredApprovalLevel = Enum.Parse<JurisdictionLevel>(Case.DeclaredApprovalLevel);
        Uses = UseFieldsForm.From(Case.Uses);
    }

    /// <summary>False when the case waits for no correction (any more).</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Case = await mediator.Send(new GetCaseQuery(id), ct);
        var task = Case.OpenTasks.FirstOrDefault(t => t.Stage == TaskStage.Correction);
        if (task is null) return false;
        CorrectionRequest = task.CorrectionRequest;
        Attachments = await mediator.Send(new ListAttachmentsQuery(null, id), ct);
        Documents = await mediator.Send(new GetDocumentChecklistQuery(null, id), ct);
        return true;
    }
}
