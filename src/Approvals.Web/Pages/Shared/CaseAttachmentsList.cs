using Approvals.Application.Attachments.AddAttachment;

namespace Approvals.Web.Pages.Shared;

/// <summary>What <c>_CaseAttachments</c> lists; <paramref name="RemoveHandler"/> names the page handler that removes one (null: read-only).</summary>
public sealed record CaseAttachmentsList(IReadOnlyList<AttachmentView> Items, string? RemoveHandler = null);
