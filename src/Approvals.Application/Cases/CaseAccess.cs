using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases;

/// <summary>
/// Who may see a case: its applicant's organisation, staff whose jurisdiction covers its county, and
/// administrators. Everyone else is told it does not exist, so case ids cannot be probed.
/// </summary>
public static class CaseAccess
{
    public static bool MaySee(this Actor actor, Case c) => actor.MaySee(c.OrganisationId, c.CountyCode);

    /// <summary>The same rule for a case known only by its organisation and county (a row read without its entity).</summary>
    public static bool MaySee(this Actor actor, Guid organisationId, string countyCode) =>
        actor.IsInRole(Roles.Applicant) ? actor.OrganisationId == organisationId
        // Administrators and the system cover every jurisdiction (see Actor.Jurisdictions).
        : (actor.IsSystem || actor.IsInRole(Roles.Administrator) || Roles.IsStaff(actor.Role ?? "")) && actor.Jurisdictions.Covers(countyCode);

    /// <summary>
    /// The same rule as a SQL condition on the cases table under <paramref name="alias"/>, for the queries that stay
    /// raw SQL (map tiles); <paramref name="parameter"/> adds a query parameter and returns its placeholder.
    /// </summary>
    public static string Sql(this Actor actor, string alias, Func<object, string> parameter) =>
        actor.IsInRole(Roles.Applicant) ? (actor.OrganisationId is { } organisation ? $"{alias}.organisation_id = {parameter(organisation)}" : "FALSE")
        : actor.IsSystem || actor.IsInRole(Roles.Administrator) || Roles.IsStaff(actor.Role ?? "") ? actor.Jurisdictions.Sql($"{alias}.county_code", parameter)
        : "FALSE";

    public static async Task<Case> FindVisibleAsync(ApprovalsDbContext db, Actor actor, Guid caseId, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Set<Case>() : db.Set<Case>().AsNoTracking();
        var c = await query.SingleOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null || !actor.MaySee(c)) throw new NotFoundException(Bilingual.Text("未找到该案件", "No such case"));
        return c;
    }
}
