using System.Reflection;

namespace Approvals.Migrations.Schema;

/// <summary>
/// The SQL a migration runs that the EF model does not describe (functions, views, triggers), kept as an embedded
/// <c>.sql</c> file beside the migration. A migration is history: it must create what it created on the day it was
/// written, not what today's application code would, so it never reads the application's constants.
/// </summary>
internal static class MigrationSql
{
    /// <summary>The text of <c>Schema/{name}.sql</c>, e.g. <c>20261122204200_DashboardFacts</c>.</summary>
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Schema/{name}.sql")
            ?? throw new InvalidOperationException($"The migration's SQL file Schema/{name}.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
