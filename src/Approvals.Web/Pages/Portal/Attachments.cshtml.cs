using Approvals.Application.Attachments;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Attachments.ListAttachments;
using Approvals.Application.Attachments.RemoveAttachment;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Identity;
using Approvals.Application.Rules;
using Approvals.Domain.Documents;
using Approvals.Web.Errors;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Portal;

/// <summary>Step 4 of a draft: the documents (PDF and images).</summary>
[Authorize(Roles = Roles.Applicant)]
[RequestSizeLimit(AttachmentRules.MaxFileBytes + 10 * 1024 * 1024)]
public sealed class AttachmentsModel(IMediator mediator, ProvinceRules rules) : PageModel, IFormPage
{
    public DraftView Draft { get; private set; } = null!;
    /// <summary>The types an upload may be given: the draft's required ones first, then the rest of the rules file's.</summary>
    public IReadOnlyList<DocumentType> DocumentTypes { get; private set; } = [];
    /// <summary>The type the form offers first: the first type of the first item still missing.</summary>
    public string? SuggestedType { get; private set; }
    public IReadOnlyList<AttachmentView> Items { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Draft.IsSubmitted ? Redirect($"/portal/drafts/{id}/submitted") : Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? attachmentFile, string? documentType, CancellationToken ct)
    {
        await mediator.Send(new AddAttachmentCommand(id, null, attachmentFile?.FileName, await AttachmentUpload.ReadAsync(attachmentFile, ct), documentType), ct);
        return Redirect($"/portal/drafts/{id}/attachments");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Items.Any(a => a.Id == attachmentId)) await mediator.Send(new RemoveAttachmentCommand(attachmentId), ct);
        return Redirect($"/portal/drafts/{id}/attachments");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Draft = await mediator.Send(new GetDraftQuery(id), ct);
        Items = Draft.IsSubmitted ? [] : await mediator.Send(new ListAttachmentsQuery(id, null), ct);
        var required = Draft.Documents.Items.SelectMany(i => i.Types).DistinctBy(t => t.Code).ToList();
        DocumentTypes = [.. required, .. rules.RequiredDocuments.Types.Where(t => required.All(r => r.Code != t.Code))];
        SuggestedType = Draft.Documents.Missing.FirstOrDefault()?.Types[0].Code;
    }
}

/// <summary>Reads an uploaded file, stopping just past the size limit so an oversized file is refused without being kept whole in memory.</summary>
public static class AttachmentUpload
{
    public static async Task<byte[]> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return [];
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > AttachmentRules.MaxFileBytes) break;
        }
        return buffer.ToArray();
    }
}
