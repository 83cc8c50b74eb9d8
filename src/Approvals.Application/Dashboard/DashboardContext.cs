using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Approvals.Application.Dashboard;

/// <summary>
/// What a panel reads with: the scope and filters as SQL (<see cref="Scope"/>), today (a Beijing date), the province's
/// rules, the jurisdictions' names in the reader's language, and the database, read into typed rows.
/// </summary>
public sealed class DashboardContext(ApprovalsDbContext db, DashboardScope scope, ProvinceRules rules, IReadOnlyDictionary<string, string> jurisdictionNames)
{
    public DashboardScope Scope { get; } = scope;
    public DateOnly Today => Scope.Today;
    public ProvinceRules Rules { get; } = rules;

    /// <summary>A jurisdiction's name in the reader's language (its code if unknown).</summary>
    public string JurisdictionName(string code) => jurisdictionNames.GetValueOrDefault(code, code);

    /// <summary>
    /// Runs <paramref name="sql"/> with the scope's parameters (and <paramref name="extra"/>) and reads each row into a
    /// <typeparamref name="T"/> by column name (<see cref="SnakeCaseRows"/>).
    /// </summary>
    public async Task<List<T>> ReadAsync<T>(string sql, CancellationToken ct, params NpgsqlParameter[] extra)
    {
        var connection = db.Database.GetDbConnection();
        var close = connection.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var p in Scope.Parameters.Concat(extra)) command.Parameters.Add(p);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await SnakeCaseRows.ReadAsync<T>(reader, ct);
        }
        finally
        {
            if (close) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The working-day ordinal of today, or of the last calendar day before it: before next year's holiday file is
    /// published, ages are counted to the end of the known calendar instead of failing.
    /// </summary>
    public async Task<int> TodayOrdinalAsync(CancellationToken ct) =>
        (await ReadAsync<CalendarDay>("SELECT ordinal FROM dashboard_calendar WHERE day <= @today ORDER BY day DESC LIMIT 1", ct)) is [var row, ..] ? row.Ordinal : 0;

    private sealed record CalendarDay(int Ordinal);
}
