using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Application.Staff.CreateStaffUser;
using Approvals.Application.Staff.DisableStaffUser;
using Approvals.Application.Staff.EnableStaffUser;
using Approvals.Application.Staff.ListStaff;
using Approvals.Application.Staff.ResetStaffPassword;
using Approvals.Domain.Departments;
using Approvals.Web.Errors;
using Approvals.Web.Pages.Portal;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Admin;

/// <summary>
/// The staff accounts: search and filter; administrators open, disable, enable and reset them (a one-time password,
/// shown here once); supervisors see their scope's staff and change nothing (the commands refuse them).
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Supervisor)]
public sealed class StaffModel(IMediator mediator, ActorAccessor actor) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public Department? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Jurisdiction { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Enabled { get; set; }

    public sealed class NewAccount
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string? JurisdictionCode { get; set; }
        public Department? Department { get; set; }
        public string? Email { get; set; }
    }

    [BindProperty] public NewAccount New { get; set; } = new();

    public StaffList Staff { get; private set; } = new([], 0, 0);
    public IReadOnlyList<JurisdictionView> Jurisdictions { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public bool MayChange => actor.Current.IsInRole(Roles.Administrator);
    /// <summary>A one-time password just made (a new account or a reset): shown on this answer only.</summary>
    public (string UserName, string Password)? OneTime { get; private set; }
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ReloadAsync(ct);

    public async Task ReloadAsync(CancellationToken ct)
    {
        Staff = await mediator.Send(new ListStaffQuery(Q, Role, Department, Jurisdiction, Enabled), ct);
        Jurisdictions = await mediator.Send(new ListJurisdictionsQuery(), ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var created = await mediator.Send(new CreateStaffUserCommand(New.UserName?.Trim() ?? "", New.DisplayName ?? "", New.Role ?? "",
            New.JurisdictionCode ?? "", New.Role == Roles.Reviewer ? New.Department : null, New.Email), ct);
        OneTime = (created.UserName, created.OneTimePassword!);
        New = new NewAccount();
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid userId, CancellationToken ct)
    {
        var changed = await mediator.Send(new DisableStaffUserCommand(userId), ct);
        Notice = Bilingual.Text($"已停用 {changed.UserName}，{changed.TasksReleased} 项已签收的任务退回待办池",
            $"{changed.UserName} is disabled; {changed.TasksReleased} claimed task(s) went back to their pool");
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid userId, CancellationToken ct)
    {
        var changed = await mediator.Send(new EnableStaffUserCommand(userId), ct);
        Notice = Bilingual.Text($"已启用 {changed.UserName}", $"{changed.UserName} is enabled");
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostResetAsync(Guid userId, CancellationToken ct)
    {
        var reset = await mediator.Send(new ResetStaffPasswordCommand(userId), ct);
        OneTime = (reset.UserName, reset.OneTimePassword);
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        // A one-time password must not stay in a cache or the browser's history.
        Response.Headers.CacheControl = "no-store";
        await ReloadAsync(ct);
        return Page();
    }
}
