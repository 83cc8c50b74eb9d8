using Approvals.Application.Attachments.AddAttachment;

namespace Approvals.Web.Pages.Shared;

/// <summary>
/// What <c>_CaseAttachments</c> lists; <paramref name="RemoveHandler"/> names the page handler that removes one (null: read-only).
/// With <paramref name="InForm"/> the list stands inside the page's form and each remove button submits that form (with what was typed in it).
/// </summary>
public sealed record CaseAttachmentsList(IReadOnlyList<AttachmentView> Items, string? RemoveHandler = null, bool InForm = false);
