using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Paging;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Notifications.ListMyNotifications;

/// <summary>The caller's notifications, newest first, in the caller's language.</summary>
public sealed record ListMyNotificationsQuery(int Page = 1, int PageSize = 20) : IQuery<NotificationPage>;

public sealed record NotificationPage(int Total, int Unread, int Page, int PageSize, IReadOnlyList<NotificationRow> Rows);

/// <param name="CaseId">The case it is about, only while the caller may still see that case (<see cref="CaseAccess"/>):
/// an applicant who left the organisation, or staff moved to another county, keep the message but lose the link.</param>
public sealed record NotificationRow(Guid Id, string Kind, string KindName, string Text, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    Guid? CaseId, string? CaseNumber);

public sealed class ListMyNotificationsValidator : AbstractValidator<ListMyNotificationsQuery>
{
    public ListMyNotificationsValidator()
    {
        RuleFor(q => q.Page).IsPageNumber();
        RuleFor(q => q.PageSize).IsPageSize(100);
    }
}

public sealed class ListMyNotificationsHandler(ApprovalsDbContext db, ActorAccessor actorAccessor) : IQueryHandler<ListMyNotificationsQuery, NotificationPage>
{
    public async ValueTask<NotificationPage> Handle(ListMyNotificationsQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (actor.UserId is not { } me) return new NotificationPage(0, 0, query.Page, query.PageSize, []);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == me);
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);

        // Only what CaseAccess reads (organisation, county) and the number, not the case's boundary and files.
        var caseIds = rows.Where(n => n.CaseId is not null).Select(n => n.CaseId!.Value).Distinct().ToList();
        var cases = await db.Set<Case>().AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new Case { Id = c.Id, Number = c.Number, OrganisationId = c.OrganisationId, CountyCode = c.CountyCode })
            .ToListAsync(ct);
        var visible = cases.Where(actor.MaySee).ToDictionary(c => c.Id);

        return new NotificationPage(total, unread, query.Page, query.PageSize, rows.Select(n =>
        {
            var c = n.CaseId is { } id && visible.TryGetValue(id, out var found) ? found : null;
            return new NotificationRow(n.Id, n.Kind, NotificationKinds.Name(n.Kind).Text(), Bilingual.Text(n.Text, n.TextEn),
                n.CreatedAt, n.ReadAt, c?.Id, c?.Number);
        }).ToList());
    }
}
