using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Approvals.Application.BaseMaps;
using Approvals.Application.Maps;
using Approvals.Application.Maps.GetBaseMapTile;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench tiles`: times the base-map vector tiles over the demo counties at zooms 8, 11, 14 and 16 on
/// the synthetic base maps (1,000,000 features by default): time and size per tile, p50/p95/max, each tile made
/// by PostGIS on request (warm: after one untimed pass), and in the same run the baseline of drawing every
/// feature at every zoom (no generalisation) on fewer tiles.
/// </summary>
internal static class TileBenchmark
{
    private static readonly int[] Zooms = [8, 11, 14, 16];

    public static Command Command()
    {
        var features = new Option<int>("--features") { Description = "Synthetic features to load (over the 15 categories).", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the base maps and of the tiles picked.", DefaultValueFactory = _ => 1 };
        var samples = new Option<int>("--samples") { Description = "Tiles timed per zoom.", DefaultValueFactory = _ => 100 };
        var baselineSamples = new Option<int>("--baseline-samples") { Description = "Tiles timed per zoom without generalisation (slow at low zooms).", DefaultValueFactory = _ => 5 };
        var reload = new Option<bool>("--reload") { Description = "Generate the base maps even when the same set is already loaded." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("tiles", "Times the base-map vector tiles at zooms 8, 11, 14 and 16, with the ungeneralised baseline.")
        {
            features, seed, samples, baselineSamples, reload, jsonOut,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench tiles", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var mediator = services.GetRequiredService<IMediator>();
            await db.Database.MigrateAsync(token);
            var featureCount = parse.GetValue(features);
            var seedValue = parse.GetValue(seed);
            await BenchCommands.EnsureSyntheticBaseMapsAsync(db, mediator, featureCount, seedValue, parse.GetValue(reload), token);
            var levels = await BaseMapTileLevels.CurrentAsync(db, services.GetRequiredService<Approvals.Application.Rules.ProvinceRules>().Catalogue, token);

            var random = new Random(seedValue * 31 + 7);
            var results = new List<ZoomResult>();
            foreach (var z in Zooms)
            {
                var tiles = Enumerable.Range(0, parse.GetValue(samples)).Select(_ => RandomTileOverDemoAreas(random, z)).ToList();
                results.Add(await TimeAsync(mediator, z, "generalised", tiles, generalise: true, token));
                var few = tiles.Take(parse.GetValue(baselineSamples)).ToList();
                if (few.Count > 0) results.Add(await TimeAsync(mediator, z, "baseline", few, generalise: false, token));
            }

            var table = new StringBuilder();
            var firstZooms = string.Join(" ", levels.MinZoom.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Base-map tile benchmark: {featureCount:N0} features, {Environment.ProcessorCount} cores; first detailed zoom per category: {firstZooms}"));
            table.AppendLine($"{"zoom",4} {"method",-12} {"n",4} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"p50 KB",8} {"p95 KB",8} {"max KB",8} {"empty",5}");
            foreach (var r in results)
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Zoom,4} {r.Method,-12} {r.Count,4} {r.Ms.P50,8:F1} {r.Ms.P95,8:F1} {r.Ms.Max,8:F1} {r.Kb.P50,8:F1} {r.Kb.P95,8:F1} {r.Kb.Max,8:F1} {r.Empty,5}"));
            Console.WriteLine(table.ToString().TrimEnd());
            var json = JsonSerializer.Serialize(new { features = featureCount, processors = Environment.ProcessorCount, minZoom = levels.MinZoom, results },
                new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            if (parse.GetValue(jsonOut) is { } path) await File.WriteAllTextAsync(path.FullName, json, token);
            return 0;
        }, ct));
        return command;
    }

    private static async Task<ZoomResult> TimeAsync(IMediator mediator, int z, string method, List<TileAddress> tiles, bool generalise, CancellationToken ct)
    {
        // Warm: PostGIS's caches, the plans and this process's JIT, untimed.
        foreach (var tile in tiles.Distinct().Take(3)) await mediator.Send(new GetBaseMapTileQuery(tile, Generalise: generalise), ct);
        var ms = new List<double>();
        var kb = new List<double>();
        var empty = 0;
        foreach (var tile in tiles)
        {
            var sw = Stopwatch.StartNew();
            var answer = await mediator.Send(new GetBaseMapTileQuery(tile, Generalise: generalise), ct);
            ms.Add(sw.Elapsed.TotalMilliseconds);
            kb.Add(answer.Content.Length / 1024.0);
            if (answer.IsEmpty) empty++;
        }
        return new ZoomResult(z, method, tiles.Count, BenchCommands.Stats.Of(ms), BenchCommands.Stats.Of(kb), empty);
    }

    /// <summary>The tile at a zoom under a random point of the demo counties' areas (where the synthetic features lie).</summary>
    private static TileAddress RandomTileOverDemoAreas(Random random, int z)
    {
        var area = SyntheticBaseMaps.DemoAreas[random.Next(SyntheticBaseMaps.DemoAreas.Length)];
        var lon = area.MinLon + random.NextDouble() * (area.MaxLon - area.MinLon);
        var lat = area.MinLat + random.NextDouble() * (area.MaxLat - area.MinLat);
        var n = 1 << z;
        var latRad = lat * Math.PI / 180;
        return new TileAddress(z, (int)Math.Floor((lon + 180) / 360 * n),
            (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n));
    }

    private sealed record ZoomResult(int Zoom, string Method, int Count, BenchCommands.Stats Ms, BenchCommands.Stats Kb, int Empty);
}
