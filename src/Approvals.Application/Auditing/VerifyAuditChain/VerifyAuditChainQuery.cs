using Approvals.Application.Localization;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Auditing.VerifyAuditChain;

/// <summary>Walks the whole audit chain and reports the first entry that does not fit it.</summary>
public sealed record VerifyAuditChainQuery : IQuery<AuditChainVerification>;

public sealed record AuditChainVerification(long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;
}

public sealed class VerifyAuditChainHandler(ApprovalsDbContext db, ActorAccessor actor)
    : IQueryHandler<VerifyAuditChainQuery, AuditChainVerification>
{
    public async ValueTask<AuditChainVerification> Handle(VerifyAuditChainQuery query, CancellationToken ct)
    {
        var who = actor.Current;
        if (!who.IsSystem && !who.IsInRole(Roles.Administrator))
            throw new ForbiddenException(Bilingual.Text("只有系统管理员可以校验审计链", "Only administrators may verify the audit chain."));

        long expected = 1;
        var previous = AuditEntry.GenesisHash;
        // Streams in order; the chain may be long, so nothing is held but the previous hash.
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected)
                return new(expected - 1, expected, $"entry {expected} is missing (next entry is {e.Sequence})");
            if (e.PreviousHash != previous)
                return new(expected - 1, e.Sequence, $"entry {e.Sequence} does not link to the hash of entry {e.Sequence - 1}");
            if (e.ComputeHash() != e.Hash)
                return new(expected - 1, e.Sequence, $"entry {e.Sequence} was changed after it was written (its content does not match its hash)");
            previous = e.Hash;
            expected++;
        }
        return new(expected - 1, null, null);
    }
}
