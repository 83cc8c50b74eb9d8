using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Naming;
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
        RoleName = Names.Role(a.Role).Text();
        DepartmentName = a.Department is { } department ? Names.Of(department).Text() : null;
        if (a.JurisdictionCode is not null)
        {
            var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
            JurisdictionName = await db.Jurisdictions.Where(j => j.Code == a.JurisdictionCode)
                .Select(j => english ? j.NameEn : j.Name).SingleOrDefaultAsync(ct);
        }
    }
}
