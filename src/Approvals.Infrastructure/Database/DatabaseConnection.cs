using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Approvals.Infrastructure.Database;

/// <summary>Where the database is, and whether it can be reached, said in one line a person can act on.</summary>
public static class DatabaseConnection
{
    public const string EnvironmentVariable = "APPROVALS_DB";

    /// <summary>APPROVALS_DB (Npgsql format) wins over configuration ConnectionStrings:Approvals.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) value = configuration.GetConnectionString("Approvals");
        if (string.IsNullOrWhiteSpace(value))
            throw new DatabaseUnavailableException(
                $"No database configured: set {EnvironmentVariable} (e.g. \"Host=127.0.0.1;Port=5433;Database=approvals;Username=approvals;Password=…\") or ConnectionStrings:Approvals.");
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseUnavailableException($"The database connection string is not valid: {e.Message}");
        }
        return value;
    }

    /// <summary>Opens and closes one connection; throws <see cref="DatabaseUnavailableException"/> with a one-line reason.</summary>
    public static async Task EnsureReachableAsync(string connectionString, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            var reason = (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
            throw new DatabaseUnavailableException(
                $"Cannot reach the database at {builder.Host}:{builder.Port} (database \"{builder.Database}\"): {reason}");
        }
    }
}

/// <summary>The database is not configured or cannot be reached; the message is meant for the operator.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);
