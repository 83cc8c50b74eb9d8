using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rechecks.GetRecheckProgress;

/// <summary>The latest re-check rounds, newest first, with how many of their open cases are done and how many changed.</summary>
[RequiresRole(Roles.Administrator, RefusalZh = "只有系统管理员可以查看复核进度", RefusalEn = "Only administrators may see the progress of re-checks")]
public sealed record GetRecheckProgressQuery(int Take = 20) : IQuery<IReadOnlyList<RecheckProgress>>;

/// <param name="ToDo">Open cases listed for a re-check that are not done yet.</param>
/// <param name="Decided">Decided cases in the changed area (only listed, never changed).</param>
public sealed record RecheckProgress(Guid Id, string? CategoryCode, string Reason, DateTimeOffset CreatedAt, string CreatedBy, int ChangedFeatures,
    int Cases, int Done, int ToDo, int Changed, int Skipped, int Decided)
{
    public bool Finished => ToDo == 0;
}

public sealed class GetRecheckProgressHandler(ApprovalsDbContext db) : IQueryHandler<GetRecheckProgressQuery, IReadOnlyList<RecheckProgress>>
{
    public async ValueTask<IReadOnlyList<RecheckProgress>> Handle(GetRecheckProgressQuery query, CancellationToken ct)
    {
        var rounds = await db.Set<LayerRecheck>().AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(query.Take, 1, 200)).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var counts = await db.Set<LayerRecheckCase>().AsNoTracking().Where(i => ids.Contains(i.RecheckId))
            .GroupBy(i => i.RecheckId)
            .Select(g => new
            {
                Id = g.Key,
                Cases = g.Count(i => !i.Decided && i.Skipped == null),
                Done = g.Count(i => !i.Decided && i.Skipped == null && i.DoneAt != null),
                Changed = g.Count(i => i.Changed == true),
                Skipped = g.Count(i => i.Skipped != null),
                Decided = g.Count(i => i.Decided),
            }).ToDictionaryAsync(x => x.Id, ct);
        return rounds.Select(r =>
        {
            var c = counts.GetValueOrDefault(r.Id);
            var cases = c?.Cases ?? 0;
            var done = c?.Done ?? 0;
            return new RecheckProgress(r.Id, r.CategoryCode, r.Reason, r.CreatedAt, r.CreatedByName, r.ChangedFeatures,
                cases, done, cases - done, c?.Changed ?? 0, c?.Skipped ?? 0, c?.Decided ?? 0);
        }).ToList();
    }
}
