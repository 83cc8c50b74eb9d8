using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.DemoData.SeedDemoData;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench recheck`: a base-map import that changes the ground under 1 % of the open cases, and the re-checks
/// it causes. On a database of its own: the synthetic base maps and a generated case history (open cases with real
/// workflow states and reports) are loaded when missing; then the category's current features are exported with a
/// new feature under each chosen case and imported with --replace (the annual-update shape: the whole layer again,
/// a few features different), and the round's cases are checked again in this process, as many at once as a
/// worker node runs jobs. Times: the import with finding the touched cases, the re-checks, the whole.
/// </summary>
internal static class RecheckBenchmark
{
    public static Command Command()
    {
        var openCases = new Option<int>("--open-cases") { Description = "Open cases wanted: history is generated until there are this many (an empty database only).", DefaultValueFactory = _ => 10_000 };
        var share = new Option<double>("--touched") { Description = "Share of the open cases the import changes the ground under.", DefaultValueFactory = _ => 0.01 };
        var category = new Option<string>("--category") { Description = "The category imported again.", DefaultValueFactory = _ => "PBF" };
        var features = new Option<int>("--features") { Description = "Synthetic base-map features (over the 15 categories).", DefaultValueFactory = _ => 20_000 };
        var workers = new Option<int>("--workers") { Description = "Re-checks run at once (a node's Approvals:WorkerCount).", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the base maps, the history and the cases chosen.", DefaultValueFactory = _ => 1 };
        var command = new Command("recheck", "Times the re-checks after a base-map import that changes the ground under 1 % of 10,000 open cases.")
        {
            openCases, share, category, features, workers, seed,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench recheck", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var mediator = services.GetRequiredService<IMediator>();
            await db.Database.MigrateAsync(token);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            var seedValue = parse.GetValue(seed);
            await BenchCommands.EnsureSyntheticBaseMapsAsync(db, mediator, parse.GetValue(features), seedValue, reload: false, token);

            var open = await OpenCheckedAsync(db, token);
            if (open.Count == 0 && !await db.Set<Approvals.Application.Cases.Case>().AnyAsync(token))
            {
                // About one generated case in ten is still open and checked; generate enough for the open cases wanted.
                var history = parse.GetValue(openCases) * 10;
                Console.Error.WriteLine($"Generating {history:N0} cases of history…");
                var seeded = await mediator.Send(new SeedDemoDataCommand("Bench2026pass", history, seedValue), token);
                Console.Error.WriteLine($"{seeded.History?.Generated:N0} cases, {seeded.History?.Open:N0} open, in {seeded.History?.Elapsed.TotalSeconds:F0} s.");
                open = await OpenCheckedAsync(db, token);
            }
            if (open.Count < parse.GetValue(openCases))
                Console.Error.WriteLine($"Note: {open.Count:N0} open, checked cases in this database (wanted {parse.GetValue(openCases):N0}).");

            var random = new Random(seedValue * 131 + 3);
            var touched = open.OrderBy(_ => random.Next()).Take(Math.Max(1, (int)Math.Round(open.Count * parse.GetValue(share)))).ToList();
            var code = (parse.GetValue(category) ?? "PBF").ToUpperInvariant();
            var layer = await ExportWithNewFeaturesAsync(db, code, touched, token);

            var total = Stopwatch.StartNew();
            var imported = await mediator.Send(new ImportBaseMapLayerCommand(code, $"bench-{code}-{DateTime.UtcNow:yyyyMMddHHmmss}.geojson",
                Encoding.UTF8.GetBytes(layer.Json),
                Approvals.Application.BaseMaps.BaseMapStorage.StorageSrid(services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()), null, Replace: true), token);
            var importSeconds = total.Elapsed.TotalSeconds;
            var recheck = imported.Recheck ?? new Approvals.Application.Rechecks.ScheduleLayerRecheck.ScheduledRecheck(null, 0, 0, 0);
            var listed = await db.Set<Approvals.Application.Rechecks.LayerRecheckCase>().AsNoTracking()
                .Where(i => i.RecheckId == recheck.RecheckId && !i.Decided).Select(i => i.CaseId).ToListAsync(token);

            var checks = Stopwatch.StartNew();
            var results = recheck.RecheckId is not { } round ? [] : await RecheckCommands.RunAsync(services, round, listed, Math.Max(1, parse.GetValue(workers)), null, token);
            var checkSeconds = checks.Elapsed.TotalSeconds;
            total.Stop();

            var table = new StringBuilder();
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Re-check benchmark: {open.Count:N0} open checked cases, {code} imported again ({layer.Features:N0} features, {touched.Count:N0} new under chosen cases), {Environment.ProcessorCount} cores, {parse.GetValue(workers)} at once"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"changed features found      {recheck.ChangedFeatures,10:N0}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"open cases listed           {recheck.OpenCases,10:N0}   (decided listed: {recheck.DecidedCases:N0})"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"import + finding cases (s)  {importSeconds,10:F2}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"re-checks (s)               {checkSeconds,10:F2}   ({(results.Count == 0 ? 0 : checkSeconds * 1000 / results.Count):F0} ms per case at {parse.GetValue(workers)} at once)"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"changed / unchanged         {results.Count(r => r.Result.Outcome == "changed"),10:N0} / {results.Count(r => r.Result.Outcome == "unchanged"):N0}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"total (s)                   {total.Elapsed.TotalSeconds,10:F2}"));
            Console.WriteLine(table.ToString().TrimEnd());
            return 0;
        }, ct));
        return command;
    }

    private static Task<List<Guid>> OpenCheckedAsync(ApprovalsDbContext db, CancellationToken ct)
    {
        var openStatuses = Enum.GetValues<CaseStatus>().Where(s => !s.IsClosed()).ToList();
        return db.Set<Approvals.Application.Cases.Case>().AsNoTracking()
            .Where(c => openStatuses.Contains(c.Status) && c.SpatialReport != null).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
    }

    /// <summary>The category's current features as GeoJSON in the storage CRS (as an export would give them), plus a 30 m square inside each chosen case.</summary>
    private static async Task<(string Json, int Features)> ExportWithNewFeaturesAsync(ApprovalsDbContext db, string code, IReadOnlyList<Guid> cases, CancellationToken ct)
    {
        var rows = new List<ExportRow>();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using (var command = new Npgsql.NpgsqlCommand("""
            SELECT f.source_id, f.name, f.attributes::text, ST_AsGeoJSON(f.geometry, 9)
            FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id
            WHERE l.category_code = @code AND l.is_current
            UNION ALL
            SELECT 'bench-' || c.id, '新增永久基本农田图斑', '{}', ST_AsGeoJSON(ST_Buffer(ST_PointOnSurface(c.boundary), 15, 'endcap=square'), 9)
            FROM cases c WHERE c.id = ANY(@cases)
            """, connection))
        {
            command.Parameters.AddWithValue("code", code);
            command.Parameters.AddWithValue("cases", cases.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(new ExportRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        await db.Database.CloseConnectionAsync();
        var features = new JsonArray();
        foreach (var r in rows)
        {
            var properties = JsonNode.Parse(r.Attributes) as JsonObject ?? [];
            if (r.Name is not null) properties["name"] = r.Name;
            // A feature without a source id stays without one: it is matched by its geometry.
            var feature = new JsonObject { ["type"] = "Feature", ["properties"] = properties, ["geometry"] = JsonNode.Parse(r.Geometry) };
            if (r.SourceId is not null) feature["id"] = r.SourceId;
            features.Add(feature);
        }
        return (new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(), rows.Count);
    }

    private sealed record ExportRow(string? SourceId, string? Name, string Attributes, string Geometry);
}
