using Approvals.Application.Persistence;
using Approvals.Domain.Calendar;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Approvals.Application.Dashboard;

/// <summary>
/// Keeps <c>dashboard_calendar</c> equal to the rules' working-day calendar (a file per year, which a
/// province edits). When it differs (a fresh database, a year added or corrected), it is rewritten and
/// every case's facts are recomputed in the same transaction, so durations never mix two calendars.
/// </summary>
public static class DashboardCalendar
{
    public static async Task EnsureAsync(ApprovalsDbContext db, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var (days, working, ordinals) = Rows(calendar);
        var expected = $"{days.Length}:{ordinals[^1]}:{days[0]:yyyy-MM-dd}";
        var stored = (await db.Database.SqlQueryRaw<string>(
            "SELECT count(*) || ':' || coalesce(max(ordinal), 0) || ':' || coalesce(to_char(min(day), 'YYYY-MM-DD'), '') AS \"Value\" FROM dashboard_calendar").ToListAsync(ct)).Single();
        if (stored == expected) return;

        var ownTransaction = db.Database.CurrentTransaction is null;
        var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            // One writer at a time; the second finds the work done.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7707001)", ct);
            stored = (await db.Database.SqlQueryRaw<string>(
                "SELECT count(*) || ':' || coalesce(max(ordinal), 0) || ':' || coalesce(to_char(min(day), 'YYYY-MM-DD'), '') AS \"Value\" FROM dashboard_calendar").ToListAsync(ct)).Single();
            if (stored != expected)
            {
                await db.Database.ExecuteSqlRawAsync("DELETE FROM dashboard_calendar", ct);
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO dashboard_calendar (day, working, ordinal) SELECT * FROM unnest(@days, @working, @ordinals)",
                    [new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = days },
                     new NpgsqlParameter("working", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = working },
                     new NpgsqlParameter("ordinals", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = ordinals }], ct);
                await db.Database.ExecuteSqlRawAsync("SELECT dashboard_refresh(NULL)", ct);
            }
            if (tx is not null) await tx.CommitAsync(ct);
        }
        finally
        {
            if (tx is not null) await tx.DisposeAsync();
        }
    }

    /// <summary>Every day of the loaded years (and the day before the first, ordinal 0) with its running count of working days.</summary>
    public static (DateOnly[] Days, bool[] Working, int[] Ordinals) Rows(WorkingDayCalendar calendar)
    {
        var first = new DateOnly(calendar.Years[0], 1, 1).AddDays(-1);
        var last = new DateOnly(calendar.Years[^1], 12, 31);
        var n = last.DayNumber - first.DayNumber + 1;
        var days = new DateOnly[n];
        var working = new bool[n];
        var ordinals = new int[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            days[i] = first.AddDays(i);
            working[i] = i > 0 && calendar.IsWorkingDay(days[i]);
            if (working[i]) count++;
            ordinals[i] = count;
        }
        return (days, working, ordinals);
    }
}
