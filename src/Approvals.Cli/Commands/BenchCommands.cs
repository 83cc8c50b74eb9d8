using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Approvals.Application.BaseMaps;
using Approvals.Application.BaseMaps.GenerateBaseMaps;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Spatial.Boundaries;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench spatial`: loads synthetic base maps and times the spatial checker against two baselines on random
/// parcels and long corridors, in one run: the naive sum (one SQL statement summing ST_Area(ST_Intersection(...)) over
/// ST_Intersects on the raw features, no subdivision, no union: fast, and wrong wherever features overlap, since it
/// counts their common part twice) and the union (per category ST_Area(ST_Intersection(ST_Union(features hit),
/// boundary)), the statement a GIS analyst would write, which gives the same areas as the checker).
/// </summary>
internal static class BenchCommands
{
    private const string Baseline = """
        SELECT f.category_code, sum(ST_Area(ST_Intersection(f.geometry, $1))) AS overlap
        FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND l.is_current
        WHERE ST_Intersects(f.geometry, $1)
        GROUP BY f.category_code
        """;

    private const string UnionBaseline = """
        SELECT f.category_code, ST_Area(ST_Intersection(ST_Union(f.geometry), $1)) AS overlap
        FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND l.is_current
        WHERE ST_Intersects(f.geometry, $1)
        GROUP BY f.category_code
        """;

    public static Command Bench()
    {
        var bench = new Command("bench", "Benchmarks (run them on a database of their own).");
        bench.Subcommands.Add(Spatial());
        return bench;
    }

    private static Command Spatial()
    {
        var features = new Option<int>("--features") { Description = "Synthetic features to load (over the 15 categories).", DefaultValueFactory = _ => 1_000_000 };
        var parcels = new Option<int>("--parcels") { Description = "Random parcels of about 50 ha with 50–200 vertices.", DefaultValueFactory = _ => 200 };
        var corridors = new Option<int>("--corridors") { Description = "Corridors 30 km long and 60 m wide.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the base maps and of the boundaries.", DefaultValueFactory = _ => 1 };
        var reload = new Option<bool>("--reload") { Description = "Generate the base maps even when the same set is already loaded." };
        var realistic = new Option<bool>("--realistic") { Description = "Planar layers for the survey and plan categories, overlaps only for mining rights, nature parks and hazard zones (as real data has them)." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("spatial", "Times the spatial checker against a naive baseline on parcels and corridors.")
        {
            features, parcels, corridors, seed, reload, realistic, jsonOut,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench spatial", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var mediator = services.GetRequiredService<IMediator>();
            var srid = BaseMapStorage.StorageSrid(services.GetRequiredService<IConfiguration>());
            var featureCount = parse.GetValue(features);
            var seedValue = parse.GetValue(seed);
            await db.Database.MigrateAsync(token);

            var realisticMode = parse.GetValue(realistic);
            var loadSeconds = await EnsureSyntheticBaseMapsAsync(db, mediator, featureCount, seedValue, parse.GetValue(reload), token, realisticMode);
            var pieces = await ScalarAsync<long>(db, "SELECT count(*) FROM base_map_feature_parts");
            // Old layer versions stay in the tables (a layer's history): the baselines' index scans meet their features too
            // and filter them out row by row, which slows the baselines and flatters the checker. Measure on a fresh database.
            var stale = await ScalarAsync<long>(db, "SELECT count(*) FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND NOT l.is_current");
            if (stale > 0)
                Console.Error.WriteLine($"WARNING: this database holds {stale:N0} features of older layer versions beside the current ones. The baselines' " +
                    "index scans meet them too, so the ratios below are NOT comparable with a freshly loaded database. Load into an empty database for figures.");

            var synthetic = new SyntheticBaseMaps(srid);
            var random = new Random(seedValue * 7919 + 17);
            var reader = new BoundaryReader(BoundaryReadOptions.Default with { StorageSrid = srid });
            var parcelBoundaries = Enumerable.Range(0, parse.GetValue(parcels)).Select(_ =>
                ToBoundary(reader, synthetic.Blob(synthetic.RandomPoint(random, 1_000), 430, random.Next(50, 201), random, hole: false, jitter: 0.15), srid)).ToList();
            var corridorBoundaries = new List<Boundary>();
            while (corridorBoundaries.Count < parse.GetValue(corridors))
            {
                var strip = synthetic.Corridor(synthetic.RandomPoint(random, 12_000), 30_000, 60, random, maxTurnDegrees: 4);
                if (strip.IsValid) corridorBoundaries.Add(ToBoundary(reader, strip, srid));
            }

            var scenarios = new List<ScenarioResult>();
            foreach (var (name, boundaries) in new[] { ("parcels ~50 ha", parcelBoundaries), ("corridors 30 km x 60 m", corridorBoundaries) })
            {
                if (boundaries.Count == 0) continue;
                // Warm-up: caches, prepared plans and the JIT of this process, not measured.
                foreach (var b in boundaries.Take(5))
                {
                    await mediator.Send(new CheckBoundaryCommand(b, Store: false), token);
                    await BaselineAsync(db, b, Baseline, token);
                    await BaselineAsync(db, b, UnionBaseline, token);
                }
                var checker = new List<double>();
                var inHandler = new List<double>();
                var baseline = new List<double>();
                var union = new List<double>();
                double checkerArea = 0, baselineArea = 0, unionArea = 0;
                foreach (var b in boundaries)
                {
                    var sw = Stopwatch.StartNew();
                    var result = await mediator.Send(new CheckBoundaryCommand(b, Store: false), token);
                    checker.Add(sw.Elapsed.TotalMilliseconds);
                    inHandler.Add(result.Report.ElapsedMs);
                    checkerArea += (double)result.Report.Categories.Sum(c => c.OverlapM2);
                    sw.Restart();
                    baselineArea += await BaselineAsync(db, b, Baseline, token);
                    baseline.Add(sw.Elapsed.TotalMilliseconds);
                    sw.Restart();
                    unionArea += await BaselineAsync(db, b, UnionBaseline, token);
                    union.Add(sw.Elapsed.TotalMilliseconds);
                }
                scenarios.Add(new ScenarioResult(name, boundaries.Count, Stats.Of(checker), Stats.Of(inHandler), Stats.Of(baseline), Stats.Of(union),
                    checkerArea, baselineArea, unionArea));
            }

            var table = new StringBuilder();
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Spatial check benchmark: {featureCount:N0} features ({(realisticMode ? "realistic: planar survey layers" : "overlapping layers")}), {pieces:N0} index pieces (ST_Subdivide {BaseMapStorage.SubdivideMaxVertices}), {Environment.ProcessorCount} cores"));
            table.AppendLine(stale > 0 ? $"WARNING: {stale:N0} features of older layer versions are in this database; the ratios are not comparable." : "Database: current layer versions only.");
            table.AppendLine($"{"scenario",-24} {"method",-9} {"n",4} {"p50 ms",9} {"p95 ms",9} {"max ms",9}");
            foreach (var s in scenarios)
            {
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{s.Scenario,-24} {"checker",-9} {s.Count,4} {s.Checker.P50,9:F2} {s.Checker.P95,9:F2} {s.Checker.Max,9:F2}"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"",-24} {"(report)",-9} {s.Count,4} {s.CheckerOverlay.P50,9:F2} {s.CheckerOverlay.P95,9:F2} {s.CheckerOverlay.Max,9:F2}"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"",-24} {"baseline",-9} {s.Count,4} {s.Baseline.P50,9:F2} {s.Baseline.P95,9:F2} {s.Baseline.Max,9:F2}"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"",-24} {"union",-9} {s.Count,4} {s.Union.P50,9:F2} {s.Union.P95,9:F2} {s.Union.Max,9:F2}"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-24} {"ratio",-9} {"",4} {s.Checker.P50 / s.Baseline.P50,9:F2} {s.Checker.P95 / s.Baseline.P95,9:F2} {s.Checker.Max / s.Baseline.Max,9:F2}   (checker / naive sum)"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-24} {"ratio",-9} {"",4} {s.Checker.P50 / s.Union.P50,9:F2} {s.Checker.P95 / s.Union.P95,9:F2} {s.Checker.Max / s.Union.Max,9:F2}   (checker / union)"));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-24} {"area",-9} checker {s.CheckerOverlapM2 / 10_000:F1} ha, union {s.UnionOverlapM2 / 10_000:F1} ha ({(s.CheckerOverlapM2 / s.UnionOverlapM2 - 1) * 100:+0.000;-0.000} %), naive sum {s.BaselineOverlapM2 / 10_000:F1} ha ({(s.BaselineOverlapM2 / s.UnionOverlapM2 - 1) * 100:+0.0;-0.0} %)"));
            }
            Console.WriteLine(table.ToString().TrimEnd());
            var json = JsonSerializer.Serialize(new
            {
                features = featureCount, realistic = realisticMode, staleFeatures = stale, pieces, subdivideMaxVertices = BaseMapStorage.SubdivideMaxVertices, loadSeconds,
                processors = Environment.ProcessorCount, scenarios,
            }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            Console.WriteLine(json);
            if (parse.GetValue(jsonOut) is { } path) await File.WriteAllTextAsync(path.FullName, json, token);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// Loads the synthetic base maps of this seed and size unless exactly they are current already (a benchmark
    /// measures a freshly loaded set, not one with old versions beside it); returns the load time, or null if reused.
    /// </summary>
    internal static async Task<double?> EnsureSyntheticBaseMapsAsync(ApprovalsDbContext db, IMediator mediator, int featureCount, int seed, bool reload, CancellationToken ct,
        bool realistic = false)
    {
        var source = GenerateBaseMapsHandler.SourceName(seed, realistic);
        var loaded = await db.BaseMapLayers.Where(l => l.IsCurrent).ToListAsync(ct);
        if (!reload && loaded.Count == 15 && loaded.All(l => l.SourceFileName == source) && loaded.Sum(l => l.FeatureCount) == featureCount)
        {
            Console.Error.WriteLine($"Reusing the {featureCount:N0} features already loaded (seed {seed}); --reload generates them again.");
            return null;
        }
        Console.Error.WriteLine($"Loading {featureCount:N0} synthetic features (seed {seed})…");
        var generated = await mediator.Send(new GenerateBaseMapsCommand(seed, featureCount, Console.Error.WriteLine, realistic), ct);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded in {generated.Elapsed.TotalSeconds:F1} s."));
        return generated.Elapsed.TotalSeconds;
    }

    private static Boundary ToBoundary(BoundaryReader reader, Polygon polygon, int srid)
    {
        var json = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[");
        for (var r = 0; r <= polygon.NumInteriorRings; r++)
        {
            var ring = r == 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(r - 1);
            json.Append(r == 0 ? "[" : ",[");
            json.AppendJoin(',', ring.Coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:F3},{c.Y:F3}]")));
            json.Append(']');
        }
        json.Append("]}");
        var read = reader.Read(Encoding.UTF8.GetBytes(json.ToString()), "bench.geojson", srid);
        return read.Boundary ?? throw new InvalidOperationException("A generated boundary was refused: " + string.Join("; ", read.Errors.Select(e => e.MessageEn)));
    }

    private static async Task<double> BaselineAsync(ApprovalsDbContext db, Boundary boundary, string sql, CancellationToken ct)
    {
        var geometry = boundary.Parcels.Count == 1 ? boundary.Parcels[0].Geometry : new GeometryCollection(boundary.Parcels.Select(p => p.Geometry).ToArray()).Union();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        var query = new NpgsqlBatchCommand(sql);
        query.Parameters.Add(new NpgsqlParameter { Value = geometry, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Geometry });
        batch.BatchCommands.Add(query);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        double total = 0;
        while (await reader.ReadAsync(ct)) total += reader.IsDBNull(1) ? 0 : reader.GetDouble(1);
        return total;
    }

    private static async Task<T> ScalarAsync<T>(ApprovalsDbContext db, string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    internal sealed record Stats(double P50, double P95, double Max)
    {
        public static Stats Of(List<double> values)
        {
            var sorted = values.Order().ToList();
            double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
            return new Stats(Math.Round(Percentile(0.5), 3), Math.Round(Percentile(0.95), 3), Math.Round(sorted[^1], 3));
        }
    }

    /// <param name="CheckerOverlay">The report's own elapsedMs: overlay and report, without the Mediator pipeline around it.</param>
    /// <param name="Baseline">The naive sum; <paramref name="Union"/>: the union per category (correct).</param>
    private sealed record ScenarioResult(string Scenario, int Count, Stats Checker, Stats CheckerOverlay, Stats Baseline, Stats Union,
        double CheckerOverlapM2, double BaselineOverlapM2, double UnionOverlapM2);
}
