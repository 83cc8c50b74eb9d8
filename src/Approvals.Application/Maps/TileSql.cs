using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Approvals.Application.Maps;

/// <summary>Runs a tile's SQL (one row, one bytea) on the request's connection.</summary>
internal static class TileSql
{
    public static async Task<byte[]> BytesAsync(ApprovalsDbContext db, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var close = connection.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection)
            {
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.AddRange(parameters);
            return await command.ExecuteScalarAsync(ct) as byte[] ?? [];
        }
        finally
        {
            if (close) await db.Database.CloseConnectionAsync();
        }
    }
}
