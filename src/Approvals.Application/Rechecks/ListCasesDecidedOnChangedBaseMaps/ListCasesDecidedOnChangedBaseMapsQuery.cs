using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rechecks.ListCasesDecidedOnChangedBaseMaps;

/// <summary>
/// Cases decided on a base map that has since changed under their boundary, for the supervisors of their
/// jurisdiction (and administrators): a decision is never changed by a re-check, but someone should know.
/// </summary>
[RequiresRole(Roles.Supervisor, Roles.Administrator, RefusalZh = "只有监督人员可以查看此列表", RefusalEn = "Only supervisors may see this list")]
public sealed record ListCasesDecidedOnChangedBaseMapsQuery : IQuery<IReadOnlyList<CaseDecidedOnChangedBaseMap>>;

/// <param name="Categories">The categories that changed under it since, with when each changed last.</param>
public sealed record CaseDecidedOnChangedBaseMap(Guid CaseId, string Number, string ProjectName, string CountyCode, CaseStatus Status,
    DateTimeOffset? DecidedAt, string? DocumentNumber, IReadOnlyList<string> Categories, DateTimeOffset LastChangedAt);

public sealed class ListCasesDecidedOnChangedBaseMapsHandler(ApprovalsDbContext db, ActorAccessor actor)
    : IQueryHandler<ListCasesDecidedOnChangedBaseMapsQuery, IReadOnlyList<CaseDecidedOnChangedBaseMap>>
{
    public async ValueTask<IReadOnlyList<CaseDecidedOnChangedBaseMap>> Handle(ListCasesDecidedOnChangedBaseMapsQuery query, CancellationToken ct)
    {
        var rows = await (from i in db.Set<LayerRecheckCase>().Where(i => i.Decided)
                          join r in db.Set<LayerRecheck>() on i.RecheckId equals r.Id
                          join c in db.Set<Case>().Where(actor.Current.Jurisdictions.Covering<Case>(c => c.CountyCode)) on i.CaseId equals c.Id
                          select new { c.Id, c.Number, c.ProjectName, c.CountyCode, c.Status, c.ClosedAt, c.DocumentNumber, r.CategoryCode, r.CreatedAt })
            .AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(x => x.Id).Select(g =>
        {
            var first = g.First();
            return new CaseDecidedOnChangedBaseMap(first.Id, first.Number, first.ProjectName, first.CountyCode, first.Status, first.ClosedAt, first.DocumentNumber,
                g.Select(x => x.CategoryCode).OfType<string>().Distinct().Order().ToList(), g.Max(x => x.CreatedAt));
        }).OrderByDescending(x => x.LastChangedAt).ThenBy(x => x.Number).ToList();
    }
}
