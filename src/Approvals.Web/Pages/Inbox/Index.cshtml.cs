using Approvals.Application.Errors;
using Approvals.Application.Tasks.ClaimTask;
using Approvals.Application.Tasks.ListInbox;
using Approvals.Application.Tasks.ReleaseTask;
using Approvals.Domain.Cases;
using Approvals.Domain.UseTypes;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Inbox;

/// <summary>The inbox: tabs, filters, search, sort and paging over the caller's tasks; claim and release in place.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public InboxTab Tab { get; set; } = InboxTab.Todo;
    [BindProperty(SupportsGet = true)] public InboxClaim? Claim { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public UseType? UseType { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public TaskStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public InboxSort Sort { get; set; } = InboxSort.Due;
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public InboxPage Inbox { get; private set; } = null!;
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostClaimAsync(Guid taskId, CancellationToken ct) =>
        await ActAsync(() => mediator.Send(new ClaimTaskCommand(taskId), ct).AsTask(), "已签收", ct);

    public async Task<IActionResult> OnPostReleaseAsync(Guid taskId, CancellationToken ct) =>
        await ActAsync(() => mediator.Send(new ReleaseTaskCommand(taskId), ct).AsTask(), "已取消签收", ct);

    private async Task<IActionResult> ActAsync(Func<Task> action, string done, CancellationToken ct)
    {
        try
        {
            await action();
            // Back to the same view with the same filters (post-redirect-get), so a reload claims nothing twice.
            TempData["inbox-message"] = done;
            return Redirect(Link());
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException e)
        {
            Error = e.Message;
            return await ShowAsync(ct);
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Message = TempData["inbox-message"] as string;
        if (!ModelState.IsValid) PageNumber = 1;
        try
        {
            Inbox = await mediator.Send(new ListInboxQuery(Tab, Claim, Overdue, UseType, string.IsNullOrWhiteSpace(County) ? null : County, Stage, Q,
                Sort, Desc, Math.Clamp(PageNumber, 1, 10_000), 25), ct);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (FluentValidation.ValidationException e)
        {
            Error = string.Join(" ", e.Errors.Select(x => x.ErrorMessage).Distinct());
            Q = null;
            County = null;
            // The first page of the default tab: the refused values themselves may be what was wrong.
            Inbox = await mediator.Send(new ListInboxQuery(), ct);
        }
        return Page();
    }

    /// <summary>The current view's address, changed by <paramref name="change"/> (tabs, sort links, pages).</summary>
    public string Link(Action<Dictionary<string, string?>>? change = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["tab"] = Tab == InboxTab.Todo ? null : Tab.ToString(),
            ["claim"] = Claim?.ToString(),
            ["overdue"] = Overdue ? "true" : null,
            ["useType"] = UseType?.ToString(),
            ["county"] = string.IsNullOrWhiteSpace(County) ? null : County,
            ["stage"] = Stage?.ToString(),
            ["q"] = string.IsNullOrWhiteSpace(Q) ? null : Q,
            ["sort"] = Sort == InboxSort.Due ? null : Sort.ToString(),
            ["desc"] = Desc ? "true" : null,
            ["p"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        change?.Invoke(values);
        return "/inbox" + QueryString.Create(values.Where(v => v.Value is not null));
    }

    public string Count(int n) => n > Inbox.CountCap ? $"{Inbox.CountCap}+" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
