using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Approvals.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Approvals.Application.Rechecks.ScheduleLayerRecheck;

/// <summary>
/// The one entry point after a category's current versions changed (an import, a roll-back): finds where the
/// category changed between <paramref name="PreviousLayerIds"/> and <paramref name="NewLayerIds"/> (features added,
/// removed or altered, matched by source id, geometry and attributes; and where the coverage moved), lists every
/// open case whose boundary meets that area for a re-check as background work, and every case decided meanwhile for
/// its supervisors. Runs in the caller's transaction when there is one, so an import and its re-checks commit together.
/// </summary>
/// <param name="PreviousLayerIds">The category's current versions before the change that are no longer current (superseded, rolled back).</param>
/// <param name="NewLayerIds">The versions that became current (the import, the version restored).</param>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以安排底图更新后的复核", RefusalEn = "Only administrators may schedule re-checks after a base-map change")]
public sealed record ScheduleLayerRecheckCommand(string CategoryCode, IReadOnlyList<Guid> PreviousLayerIds, IReadOnlyList<Guid> NewLayerIds)
    : ICommand<ScheduledRecheck>;

/// <param name="RecheckId">Null when nothing changed (no round is recorded).</param>
public sealed record ScheduledRecheck(Guid? RecheckId, int ChangedFeatures, int OpenCases, int DecidedCases);

public sealed class ScheduleLayerRecheckHandler(ApprovalsDbContext db, Outbox outbox, ActorAccessor actor, TimeProvider clock)
    : ICommandHandler<ScheduleLayerRecheckCommand, ScheduledRecheck>
{
    /// <summary>
    /// Features only in the old versions or only in the new ones that have no identical twin on the other side are
    /// the change; so is the area the coverage gained or lost. An identical re-import changes nothing: geometries are
    /// compared on a micrometre grid, so a layer exported and imported again (coordinates rounded on the way) is the same.
    /// </summary>
    internal const string ChangedAreaSql = """
        WITH o AS (
            SELECT coalesce(f.source_id, '#' || md5(ST_AsEWKB(ST_SnapToGrid(f.geometry, 0.000001)))) AS k, md5(ST_AsEWKB(ST_SnapToGrid(f.geometry, 0.000001))) AS h, f.geometry, f.attributes, f.name, f.forest_grade, f.forest_kind
            FROM base_map_features f WHERE f.layer_id = ANY(@old) AND NOT f.layer_id = ANY(@new)),
        n AS (
            SELECT coalesce(f.source_id, '#' || md5(ST_AsEWKB(ST_SnapToGrid(f.geometry, 0.000001)))) AS k, md5(ST_AsEWKB(ST_SnapToGrid(f.geometry, 0.000001))) AS h, f.geometry, f.attributes, f.name, f.forest_grade, f.forest_kind
            FROM base_map_features f WHERE f.layer_id = ANY(@new) AND NOT f.layer_id = ANY(@old)),
        changed_features AS (
            SELECT o.geometry AS g FROM o WHERE NOT EXISTS (
                SELECT 1 FROM n WHERE n.k = o.k AND n.h = o.h AND n.attributes = o.attributes
                  AND n.name IS NOT DISTINCT FROM o.name AND n.forest_grade IS NOT DISTINCT FROM o.forest_grade AND n.forest_kind IS NOT DISTINCT FROM o.forest_kind)
            UNION ALL
            SELECT n.geometry FROM n WHERE NOT EXISTS (
                SELECT 1 FROM o WHERE n.k = o.k AND n.h = o.h AND n.attributes = o.attributes
                  AND n.name IS NOT DISTINCT FROM o.name AND n.forest_grade IS NOT DISTINCT FROM o.forest_grade AND n.forest_kind IS NOT DISTINCT FROM o.forest_kind)
        ),
        kept AS (
            SELECT l.coverage FROM base_map_layers l
            WHERE l.category_code = @category AND l.is_current AND NOT l.id = ANY(@old) AND NOT l.id = ANY(@new)),
        coverage AS (
            SELECT CASE WHEN b IS NULL THEN a WHEN a IS NULL THEN b ELSE ST_SymDifference(a, b) END AS g
            FROM (SELECT
                (SELECT ST_UnaryUnion(ST_Collect(c)) FROM (SELECT coverage AS c FROM kept UNION ALL SELECT coverage FROM base_map_layers WHERE id = ANY(@old)) x) AS a,
                (SELECT ST_UnaryUnion(ST_Collect(c)) FROM (SELECT coverage AS c FROM kept UNION ALL SELECT coverage FROM base_map_layers WHERE id = ANY(@new)) x) AS b) ab
        ),
        changed AS MATERIALIZED (
            SELECT g FROM changed_features
            UNION ALL
            SELECT (ST_Dump(g)).geom FROM coverage WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)
        )
        SELECT (SELECT count(*) FROM changed_features)::int AS changed_features, c.id, c.status
        FROM changed ch JOIN cases c ON c.boundary && ch.g AND ST_Intersects(c.boundary, ch.g)
        WHERE c.status = ANY(@statuses)
        GROUP BY c.id, c.status
        UNION ALL
        SELECT (SELECT count(*) FROM changed_features)::int, NULL, NULL
        """;

    private static readonly string[] OpenStatuses =
        [nameof(CaseStatus.AwaitingAcceptance), nameof(CaseStatus.AwaitingCorrection), nameof(CaseStatus.UnderReview), nameof(CaseStatus.AwaitingDecision)];

    /// <summary>Decided on the base map: approvals and refusals (a case not accepted or withdrawn never was).</summary>
    private static readonly string[] DecidedStatuses = [nameof(CaseStatus.Approved), nameof(CaseStatus.Refused)];

    public async ValueTask<ScheduledRecheck> Handle(ScheduleLayerRecheckCommand command, CancellationToken ct)
    {
        var touched = await TouchedCasesAsync(db, command.CategoryCode, command.PreviousLayerIds, command.NewLayerIds, ct);
        var changedFeatures = touched.ChangedFeatures;
        if (touched.Open.Count == 0 && touched.Decided.Count == 0 && changedFeatures == 0)
            return new ScheduledRecheck(null, 0, 0, 0);

        // A case not checked yet (waiting for acceptance, or its check queued) gets the new version when it is checked.
        var openIds = touched.Open;
        var checkedOpen = await db.Set<Cases.Case>().Where(c => openIds.Contains(c.Id) && c.SpatialReport != null).Select(c => c.Id).ToListAsync(ct);

        var now = clock.GetUtcNow();
        var recheck = new LayerRecheck
        {
            Id = Guid.CreateVersion7(), CategoryCode = command.CategoryCode, Reason = ReportReasons.BaseMapChange,
            PreviousLayerIds = [.. command.PreviousLayerIds], NewLayerIds = [.. command.NewLayerIds],
            ChangedFeatures = changedFeatures, CreatedByName = actor.Current.Name, CreatedAt = now,
        };
        db.Set<LayerRecheck>().Add(recheck);
        await db.SaveChangesAsync(ct);
        foreach (var id in checkedOpen)
        {
            db.Set<LayerRecheckCase>().Add(new LayerRecheckCase { RecheckId = recheck.Id, CaseId = id });
            outbox.Add(OutboxKinds.CaseRecheck, new CaseRecheckWork(recheck.Id, id));
        }
        foreach (var id in touched.Decided)
            db.Set<LayerRecheckCase>().Add(new LayerRecheckCase { RecheckId = recheck.Id, CaseId = id, Decided = true, DoneAt = now });
        await db.SaveChangesAsync(ct);
        return new ScheduledRecheck(recheck.Id, changedFeatures, checkedOpen.Count, touched.Decided.Count);
    }

    internal sealed record Touched(int ChangedFeatures, List<Guid> Open, List<Guid> Decided);

    /// <summary>The open and decided cases whose boundary meets the area where the category changed.</summary>
    internal static async Task<Touched> TouchedCasesAsync(ApprovalsDbContext db, string category, IReadOnlyList<Guid> previous, IReadOnlyList<Guid> next, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(ChangedAreaSql, connection) { Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction };
            command.CommandTimeout = 600;
            command.Parameters.AddWithValue("old", previous.ToArray());
            command.Parameters.AddWithValue("new", next.ToArray());
            command.Parameters.AddWithValue("category", category);
            command.Parameters.AddWithValue("statuses", OpenStatuses.Concat(DecidedStatuses).ToArray());
            var open = new List<Guid>();
            var decided = new List<Guid>();
            var changed = 0;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                changed = reader.GetInt32(0);
                if (reader.IsDBNull(1)) continue;
                (DecidedStatuses.Contains(reader.GetString(2)) ? decided : open).Add(reader.GetGuid(1));
            }
            return new Touched(changed, open, decided);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>The outbox payload of one case's re-check.</summary>
public sealed record CaseRecheckWork(Guid RecheckId, Guid CaseId);
