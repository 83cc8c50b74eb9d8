using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Web.Pages;

public sealed class IndexModel(ActorAccessor actor, ApprovalsDbContext db) : PageModel
{
    public string RoleName { get; private set; } = "";
    public string? JurisdictionName { get; private set; }
    public string? DepartmentName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var a = actor.Current;
        RoleName = a.Role switch
        {
            Roles.Applicant => "申请人",
            Roles.Clerk => "受理窗口",
            Roles.Reviewer => "审查员",
            Roles.Supervisor => "督办人员",
            Roles.Administrator => "系统管理员",
            _ => "访客",
        };
        DepartmentName = a.Department is { } department ? Domain.Routing.Wording.Zh(department) : null;
        if (a.JurisdictionCode is not null)
        {
            var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
            JurisdictionName = await db.Jurisdictions.Where(j => j.Code == a.JurisdictionCode)
                .Select(j => english ? j.NameEn : j.Name).SingleOrDefaultAsync(ct);
        }
    }
}
