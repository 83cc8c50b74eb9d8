using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.BaseMaps.RollBackBaseMapLayer;

/// <summary>
/// An administrator makes an earlier version of a category current again (a bad import, a wrong file): the category's
/// current versions are superseded by it, and it takes their place in the overlay index, so the next check and the
/// map tiles use it. Nothing is deleted: a later roll-back may bring the newer version back. Audited like any change
/// of the layer rows.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以回退底图版本", RefusalEn = "Only administrators roll back base-map versions")]
public sealed record RollBackBaseMapLayerCommand(Guid LayerId) : ICommand<RolledBackBaseMapLayer>;

public sealed record RolledBackBaseMapLayer(Guid LayerId, string CategoryCode, int Version, IReadOnlyList<Guid> Superseded);

public sealed class RollBackBaseMapLayerHandler(ApprovalsDbContext db, TimeProvider clock, IMediator mediator) : ICommandHandler<RollBackBaseMapLayerCommand, RolledBackBaseMapLayer>
{
    public async ValueTask<RolledBackBaseMapLayer> Handle(RollBackBaseMapLayerCommand command, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var target = await db.BaseMapLayers.SingleOrDefaultAsync(l => l.Id == command.LayerId, ct)
            ?? throw new NotFoundException(Bilingual.Text("没有这个底图版本", "No such base-map version"));
        // The same lock an import of the category takes: a roll-back and an import never interleave.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"base_map:" + target.CategoryCode}))", ct);
        if (target.IsCurrent)
            throw new ConflictException(Bilingual.Text($"{target.CategoryCode} 第 {target.Version} 版已是现行版本", $"{target.CategoryCode} version {target.Version} is current already"));

        var now = clock.GetUtcNow();
        var current = await db.BaseMapLayers.Where(l => l.CategoryCode == target.CategoryCode && l.IsCurrent).ToListAsync(ct);
        foreach (var layer in current)
        {
            layer.IsCurrent = false;
            layer.SupersededAt = now;
            layer.SupersededById = target.Id;
        }
        target.IsCurrent = true;
        target.SupersededAt = null;
        target.SupersededById = null;
        await db.SaveChangesAsync(ct);

        // The overlay index holds the current versions' pieces only (see BaseMapLoader).
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await BaseMapOverlayIndex.RemoveAsync(connection, current.Select(l => l.Id).Append(target.Id).ToList(), ct);
        await BaseMapOverlayIndex.BuildAsync(connection, target.Id, ct);
        // In the roll-back's transaction, as at an import: the restored version and the re-checks it causes commit together.
        await mediator.Send(new Rechecks.ScheduleLayerRecheck.ScheduleLayerRecheckCommand(target.CategoryCode, current.Select(l => l.Id).ToList(), [target.Id]), ct);
        await tx.CommitAsync(ct);
        return new RolledBackBaseMapLayer(target.Id, target.CategoryCode, target.Version, current.Select(l => l.Id).ToList());
    }
}
