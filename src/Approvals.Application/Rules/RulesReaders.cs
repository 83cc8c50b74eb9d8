using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Rules;

/// <summary>Who may read the rules console: administrators and the province's supervisors (a city's or county's do not).</summary>
public static class RulesReaders
{
    public static void EnsureMayRead(Actor actor)
    {
        if (actor.IsInRole(Roles.Supervisor) && actor.JurisdictionLevel != JurisdictionLevel.Province)
            throw new ForbiddenException(Bilingual.Text("只有系统管理员和省级督办人员可以查看规则", "Only administrators and the province's supervisors may see the rules"));
    }
}
