using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications;

/// <summary>
/// Tells the applicant about their case (a correction asked for, the decision): every applicant of the organisation
/// sees it in the application (any of them may answer a correction), and the person who submitted the case also gets
/// it by e-mail, so one event sends the organisation one mail.
/// </summary>
public static class ApplicantNotices
{
    public static async Task PostAsync(ApprovalsDbContext db, NotificationPost post, Case c, string kind, string text, string textEn,
        DateTimeOffset at, CancellationToken ct)
    {
        var applicants = await (from u in db.Users
                                join ur in db.UserRoles on u.Id equals ur.UserId
                                join r in db.Roles on ur.RoleId equals r.Id
                                where r.Name == Roles.Applicant && u.OrganisationId == c.OrganisationId
                                select u).Distinct().ToListAsync(ct);
        foreach (var user in applicants)
            post.Post(user, kind, text, textEn, c.Id, email: user.Id == c.ApplicantUserId, at: at);
    }
}
