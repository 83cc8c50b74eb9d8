using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Approvals.Application.BaseMaps;
using Approvals.Application.Configuration;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Application.SpatialChecks.SuggestAvoidance;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench avoidance`: parcels of about 50 ha placed over prohibited features (permanent basic farmland) of the
/// synthetic base maps; times the whole suggestion (the checker on the boundary, the clear part, the candidate search and
/// the confirmation of the best sites) and counts the placements tried.
/// </summary>
internal static class AvoidanceBenchmark
{
    public static Command Command()
    {
        var features = new Option<int>("--features") { Description = "Synthetic features to load (over the 15 categories).", DefaultValueFactory = _ => 1_000_000 };
        var parcels = new Option<int>("--parcels") { Description = "Parcels of about 50 ha, each centred on a prohibited feature.", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the base maps and of the parcels.", DefaultValueFactory = _ => 1 };
        var reload = new Option<bool>("--reload") { Description = "Generate the base maps even when the same set is already loaded." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("avoidance", "Times avoidance suggestions (clear part and nearby sites) for parcels over prohibited features.")
        {
            features, parcels, seed, reload, jsonOut,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync("bench avoidance", async (services, token) =>
        {
            var db = services.GetRequiredService<ApprovalsDbContext>();
            var mediator = services.GetRequiredService<IMediator>();
            var options = services.GetRequiredService<ApprovalsOptions>().Avoidance;
            var srid = BaseMapStorage.StorageSrid(services.GetRequiredService<IConfiguration>());
            await db.Database.MigrateAsync(token);
            var seedValue = parse.GetValue(seed);
            await BenchCommands.EnsureSyntheticBaseMapsAsync(db, mediator, parse.GetValue(features), seedValue, parse.GetValue(reload), token);

            var synthetic = new SyntheticBaseMaps(srid);
            var random = new Random(seedValue * 104_729 + 3);
            var reader = new BoundaryReader(BoundaryReadOptions.Default with { StorageSrid = srid });
            var centres = await ProhibitedCentresAsync(db, parse.GetValue(parcels), seedValue, token);
            var counties = await db.Set<Approvals.Application.Jurisdictions.JurisdictionExtent>().AsNoTracking().ToListAsync(token);

            // One untimed run warms the plan caches and the connection, as the first request of a running host would.
            var rows = new List<(double Ms, AvoidanceSuggestions? Result)>();
            for (var i = -1; i < centres.Count; i++)
            {
                var centre = centres[Math.Max(i, 0)];
                var boundary = ToBoundary(reader, synthetic.Blob(centre, 400, random.Next(30, 121), random, hole: false, jitter: 0.15), srid);
                var (lon, lat) = CoordinateTransformer.Transform(centre.X, centre.Y, srid, Cgcs2000Crs.GeographicSrid);
                var county = counties.FirstOrDefault(c => lon >= c.MinLongitude && lon <= c.MaxLongitude && lat >= c.MinLatitude && lat <= c.MaxLatitude)?.Code;
                var started = Stopwatch.GetTimestamp();
                var result = await mediator.Send(new SuggestAvoidanceQuery(boundary, CountyCode: county), token);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (i >= 0) rows.Add((ms, result));
            }

            var withSection = rows.Where(r => r.Result is not null).ToList();
            var whole = BenchCommands.Stats.Of(rows.Select(r => r.Ms).ToList());
            var tried = BenchCommands.Stats.Of(withSection.Select(r => (double)r.Result!.CandidatesTried).DefaultIfEmpty(0).ToList());
            var confirmed = BenchCommands.Stats.Of(withSection.Select(r => (double)r.Result!.CandidatesConfirmed).DefaultIfEmpty(0).ToList());
            var withSites = withSection.Count(r => r.Result!.Sites.Count > 0);
            var withClear = withSection.Count(r => r.Result!.ClearPart is not null);
            var total = withSection.Select(r => r.Result!.CandidatesTotal).DefaultIfEmpty(0).Max();

            var ci = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(ci, $"Avoidance on {parse.GetValue(features):N0} features: {rows.Count} parcels of ~50 ha over PBF; radius {options.RadiusM} m, moves every {options.ShiftStepM} m, turns every {options.RotationStepDeg}° ({total:N0} placements), {options.ConfirmedCandidates} confirmed by the checker"));
            Console.WriteLine("| measure | p50 | p95 | max |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(string.Create(ci, $"| whole suggestion (ms) | {whole.P50:F0} | {whole.P95:F0} | {whole.Max:F0} |"));
            Console.WriteLine(string.Create(ci, $"| placements tried | {tried.P50:F0} | {tried.P95:F0} | {tried.Max:F0} |"));
            Console.WriteLine(string.Create(ci, $"| placements confirmed by the checker | {confirmed.P50:F0} | {confirmed.P95:F0} | {confirmed.Max:F0} |"));
            Console.WriteLine(string.Create(ci, $"Parcels with a prohibited hit: {withSection.Count}/{rows.Count}; with a clear part: {withClear}; with at least one site: {withSites}; sites re-checked prohibited: {withSection.Sum(r => r.Result!.Sites.Count(s => s.Report.Prohibited))}"));

            if (parse.GetValue(jsonOut) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(new
                {
                    features = parse.GetValue(features), parcels = rows.Count, options, whole, tried, confirmed,
                    withProhibitedHit = withSection.Count, withClearPart = withClear, withSites, placements = total,
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), token);
            }
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Points inside current PBF features, the same ones for the same seed.</summary>
    private static async Task<List<Coordinate>> ProhibitedCentresAsync(ApprovalsDbContext db, int count, int seed, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT ST_X(p), ST_Y(p) FROM (
                SELECT ST_PointOnSurface(f.geometry) AS p
                FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND l.is_current
                WHERE f.category_code = 'PBF'
                ORDER BY md5(f.id::text || $2) LIMIT $1) x
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        command.Parameters.Add(new NpgsqlParameter { Value = seed.ToString(CultureInfo.InvariantCulture) });
        var result = new List<Coordinate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(new Coordinate(reader.GetDouble(0), reader.GetDouble(1)));
        if (result.Count == 0) throw new InvalidOperationException("No permanent basic farmland (PBF) features are loaded.");
        return result;
    }

    private static Boundary ToBoundary(BoundaryReader reader, Polygon polygon, int srid)
    {
        var json = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        json.AppendJoin(',', polygon.ExteriorRing.Coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:F3},{c.Y:F3}]")));
        json.Append("]]}");
        var read = reader.Read(Encoding.UTF8.GetBytes(json.ToString()), "bench.geojson", srid);
        return read.Boundary ?? throw new InvalidOperationException("A generated boundary was refused: " + string.Join("; ", read.Errors.Select(e => e.MessageEn)));
    }
}
