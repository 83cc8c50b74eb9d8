using Approvals.Application.Errors;
using Approvals.Application.Localization;
using Approvals.Application.Notifications.ListMyNotifications;
using Approvals.Application.Notifications.MarkAllNotificationsRead;
using Approvals.Application.Notifications.MarkNotificationRead;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Notifications;

/// <summary>My notifications, newest first and paged; mark one or all read (post-redirect-get, back to the same page).</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public NotificationPage Notifications { get; private set; } = null!;
    public string? Message { get; private set; }

    public int PageCount => Math.Max(1, (Notifications.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["notifications-message"] as string;
        Notifications = await mediator.Send(new ListMyNotificationsQuery(Math.Clamp(PageNumber, 1, Application.Paging.PagingRules.MaxPage), PageSize), ct);
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new MarkNotificationReadCommand(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Redirect(Link(PageNumber));
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var marked = await mediator.Send(new MarkAllNotificationsReadCommand(), ct);
        TempData["notifications-message"] = Bilingual.Text($"已将 {marked} 条通知标为已读", $"{marked} notifications marked read");
        return Redirect(Link(PageNumber));
    }

    public static string Link(int page) => page > 1 ? $"/notifications?p={page}" : "/notifications";
}
