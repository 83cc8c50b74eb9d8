using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Numbering;

/// <summary>
/// A gapless counter (case numbers per county and year, decision document numbers per issuer and year).
/// The increment takes the row's lock until the transaction ends, so concurrent issuers queue, and a
/// rolled-back transaction gives its number back: numbers never repeat or skip.
/// </summary>
[Auditing.NotAudited]
public sealed class NumberSequence
{
    public string Scope { get; set; } = "";
    public int LastValue { get; set; }

    public static async Task<int> NextAsync(ApprovalsDbContext db, string scope, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Numbers are taken inside the transaction that uses them, or they could be lost.");
        // Materialised as it is: EF may not wrap an INSERT … RETURNING in a sub-query.
        var values = await db.Database.SqlQuery<int>($"""
            INSERT INTO number_sequences (scope, last_value) VALUES ({scope}, 1)
            ON CONFLICT (scope) DO UPDATE SET last_value = number_sequences.last_value + 1
            RETURNING last_value AS "Value"
            """).ToListAsync(ct);
        return values.Single();
    }
}
