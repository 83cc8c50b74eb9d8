using Approvals.Application.Auditing;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.SpatialChecks.PurgeAdHocSpatialChecks;

/// <summary>
/// Deletes the ad-hoc spatial checks (attached to no case and no draft) older than the configured retention
/// (<see cref="SpatialCheckLimits.AdHocCheckRetention"/>): each keeps a boundary and a report nobody will come
/// back to. Checks of cases and drafts are never touched. Running it again deletes nothing more.
/// </summary>
/// <returns>How many checks were deleted.</returns>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统和系统管理员可以清理落图分析", RefusalEn = "Only the system and administrators purge spatial checks.")]
public sealed record PurgeAdHocSpatialChecksCommand : ICommand<int>;

public sealed class PurgeAdHocSpatialChecksHandler(ApprovalsDbContext db, TimeProvider clock, IConfiguration configuration)
    : ICommandHandler<PurgeAdHocSpatialChecksCommand, int>
{
    /// <summary>Checks deleted per transaction: short row locks, and one audit entry per check in one batch.</summary>
    private const int Batch = 500;

    public async ValueTask<int> Handle(PurgeAdHocSpatialChecksCommand command, CancellationToken ct)
    {

        var retention = SpatialCheckLimits.AdHocCheckRetention(configuration);
        var createdBefore = clock.GetUtcNow() - retention;
        var total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // SKIP LOCKED: a check another transaction holds waits for the next run instead of blocking this one.
            var deleted = await db.Database.SqlQuery<Guid>($"""
                DELETE FROM spatial_checks WHERE id IN (
                    SELECT s.id FROM spatial_checks s
                    WHERE s.case_id IS NULL AND s.created_at < {createdBefore}
                      AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.spatial_check_id = s.id)
                    ORDER BY s.created_at LIMIT {Batch} FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """).ToListAsync(ct);
            // Deleted in SQL, not through the change tracker (which would copy every report into the trail):
            // each deletion is recorded in the same chain, with what the retention was.
            foreach (var id in deleted)
                await AuditTrail.RecordAsync(db, "Purged", nameof(SpatialCheck), id.ToString(), new { reason = "ad-hoc check past its retention", retention = retention.ToString(), createdBefore }, ct);
            await transaction.CommitAsync(ct);
            total += deleted.Count;
            if (deleted.Count < Batch) return total;
        }
    }
}
