using System.Data.Common;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Approvals.Application.Auditing;

/// <summary>
/// Appends the audit drafts a transaction collected just before it commits, on its own connection, so
/// the entries commit with the changes they describe or not at all. A rolled-back transaction's drafts
/// are dropped.
/// </summary>
public sealed class AuditChainInterceptor : DbTransactionInterceptor
{
    public static readonly AuditChainInterceptor Instance = new();

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApprovalsDbContext { PendingAudit.Count: > 0 } db)
        {
            var drafts = db.PendingAudit.ToList();
            db.PendingAudit.Clear();
            await AuditTrail.AppendAsync((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction, drafts, cancellationToken);
        }
        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        TransactionCommittingAsync(transaction, eventData, result).AsTask().GetAwaiter().GetResult();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Drop(eventData);

    private static void Drop(TransactionEventData eventData)
    {
        if (eventData.Context is ApprovalsDbContext db) db.PendingAudit.Clear();
    }
}
