using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Approvals.Application.Jurisdictions;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Coordinates;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Npgsql;

namespace Approvals.Application.SpatialChecks.Avoidance;

/// <summary>One parcel of the boundary, in the storage CRS.</summary>
public sealed record AvoidanceParcel(string Number, string? Name, Geometry Geometry);

/// <summary>
/// Computes avoidance suggestions for a boundary. What is prohibited is the routing's decision (<see cref="CaseRouting.Decide"/>
/// and <see cref="CaseRouting.ProhibitedFeatures"/>), never a list of its own. Nearby sites are found in two stages: one SQL
/// statement walks the candidate placements nearest first and rejects each with the base-map index (&amp;&amp; then
/// ST_Intersects against prohibited pieces, no area measured) until enough clear ones are found; then the normal checker
/// checks those again, ranks them and gives each its short report.
/// </summary>
public static class AvoidanceSearch
{
    /// <summary>Below this an overlap is noise along a shared edge (m², as the report's).</summary>
    private const double NoiseM2 = 0.005;

    /// <summary>Suggestions for the boundary, or null when nothing it hits prohibits the project.</summary>
    public static async Task<AvoidanceSuggestions?> SuggestAsync(
        ApprovalsDbContext db, ProvinceRules rules, AvoidanceOptions options,
        MultiPolygon union, IReadOnlyList<AvoidanceParcel> parcels, IReadOnlyList<UseRequest>? uses, string? countyCode,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<UseRequest> projectUses = uses is { Count: > 0 } ? uses : [new LandUseRequest(Domain.Jurisdictions.JurisdictionLevel.County)];
        var codes = rules.Catalogue.Categories.Select(c => c.Code).ToList();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var overlay = await SpatialOverlay.RunAsync(connection, union, codes, ct);
            var decision = ComparisonReports.Decide(rules, overlay, projectUses);
            var prohibitedFindings = decision.Findings
                .Where(f => f.Severity == FindingSeverity.Prohibited && f.CategoryCode is { } code
                            && overlay.TryGetValue(code, out var o) && o.OverlapM2 > NoiseM2)
                .ToList();
            // A prohibition of a requested use itself (e.g. basic grassland asked for) moves with the project: no site avoids it.
            if (prohibitedFindings.Count == 0) return null;

            var avoided = rules.Catalogue.Categories
                .Where(c => prohibitedFindings.Any(f => string.Equals(f.CategoryCode, c.Code, StringComparison.OrdinalIgnoreCase)))
                .Select(c =>
                {
                    var finding = prohibitedFindings.First(f => string.Equals(f.CategoryCode, c.Code, StringComparison.OrdinalIgnoreCase));
                    return new AvoidedCategory(c.Code, c.Name, c.NameEn, Area.FromSquareMetres(overlay[c.Code].OverlapM2).RoundedSquareMetres, finding.Text.Zh, finding.Text.En);
                })
                .ToList();
            var prohibited = rules.Routing.ProhibitedFeatures(projectUses);
            var clearPart = await ClearPartAsync(connection, prohibited, options, union, parcels, ct);

            var county = countyCode is null ? null : await CountyFit.MeasureAsync(db, countyCode, union, ct);
            var search = await SitesAsync(db, connection, rules, options, prohibited, union, projectUses, county is null ? null : countyCode, ct);
            string? message = null, messageEn = null;
            if (search.Sites.Count == 0 && options.MaxSites > 0)
            {
                messageEn = $"No site was found within {options.RadiusM:N0} m: all {search.Total:N0} placements (moves up to {options.RadiusM:N0} m, turns in steps of {options.RotationStepDeg}°) hit a prohibited category or leave the county";
                message = $"在 {options.RadiusM:N0} 米范围内未找到可用选址：平移 {options.RadiusM:N0} 米以内、每 {options.RotationStepDeg}° 旋转的 {search.Total:N0} 个位置都压占禁止类别或超出所在县";
            }
            return new AvoidanceSuggestions
            {
                Avoided = avoided.Select(a => a.Code).ToList(),
                AvoidedCategories = avoided,
                ClearPart = clearPart,
                Sites = search.Sites,
                Message = message,
                MessageEn = messageEn,
                SearchedRadiusM = options.RadiusM,
                ShiftStepM = options.ShiftStepM,
                RotationStepDeg = options.RotationStepDeg,
                SliverM2 = options.SliverM2,
                County = county is null ? null : countyCode,
                CandidatesTotal = search.Total,
                CandidatesTried = search.Tried,
                CandidatesConfirmed = search.Confirmed,
                ElapsedMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
            };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The parcels of a stored boundary (a check's or a case's keeps only their union): each polygon of it, named after the
    /// report's parcel when the numbers of both agree.
    /// </summary>
    public static IReadOnlyList<AvoidanceParcel> ParcelsOf(MultiPolygon union, ComparisonReport? report)
    {
        var named = report?.Boundary.Parcels.Count == union.NumGeometries ? report.Boundary.Parcels : null;
        return Enumerable.Range(0, union.NumGeometries)
            .Select(i => new AvoidanceParcel(named?[i].Number ?? (i + 1).ToString(CultureInfo.InvariantCulture), named?[i].Name, union.GetGeometryN(i)))
            .ToList();
    }

    /// <summary>
    /// The SQL condition "this base-map piece (alias p) is prohibited" for <paramref name="prohibited"/>; adds its
    /// parameters to <paramref name="parameters"/> (positional, so the caller's own come first).
    /// </summary>
    internal static string ProhibitedCondition(ProhibitedFeatures prohibited, List<NpgsqlParameter> parameters)
    {
        string Add(object value)
        {
            parameters.Add(new NpgsqlParameter { Value = value });
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        var terms = new List<string>();
        if (prohibited.WholeCategories.Count > 0)
            terms.Add($"p.category_code = ANY({Add(prohibited.WholeCategories.ToArray())})");
        if (prohibited.ForestCategories.Count > 0 && prohibited.ForestGrades.Count > 0)
            terms.Add($"(p.category_code = ANY({Add(prohibited.ForestCategories.ToArray())}) AND p.forest_grade = ANY({Add(prohibited.ForestGrades.Select(g => (short)g).ToArray())}))");
        foreach (var zone in prohibited.CoreZones)
        {
            // As the routing compares them: attribute names and values trimmed, without regard to case.
            terms.Add($"""
                (p.category_code = {Add(zone.CategoryCode)} AND EXISTS (
                    SELECT 1 FROM base_map_features f, jsonb_each_text(f.attributes) a
                    WHERE f.id = p.feature_id AND lower(btrim(a.key)) = ANY({Add(zone.Attributes.Select(x => x.Trim().ToLowerInvariant()).ToArray())})
                      AND lower(btrim(a.value)) = ANY({Add(zone.CoreValues.Select(x => x.Trim().ToLowerInvariant()).ToArray())})))
                """);
        }
        return terms.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", terms) + ")";
    }

    private static async Task<ClearPart?> ClearPartAsync(
        NpgsqlConnection connection, ProhibitedFeatures prohibited, AvoidanceOptions options,
        MultiPolygon union, IReadOnlyList<AvoidanceParcel> parcels, CancellationToken ct)
    {
        var factory = union.Factory;
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = factory.CreateGeometryCollection(parcels.Select(p => p.Geometry).ToArray()) },
            new() { Value = (Geometry)union },
            new() { Value = (double)options.SliverM2 },
        };
        var condition = ProhibitedCondition(prohibited, parameters);
        var sql = $"""
            WITH parcel AS (
                SELECT d.path[1] AS i, d.geom AS g FROM ST_Dump($1::geometry) d
            ),
            prohibited AS (
                SELECT ST_UnaryUnion(ST_Collect(p.geometry)) AS g
                FROM base_map_feature_parts p
                WHERE p.geometry && $2::geometry AND ST_Intersects($2::geometry, p.geometry) AND {condition}
            ),
            cut AS (
                SELECT parcel.i, parcel.g AS parcel,
                       CASE WHEN prohibited.g IS NULL THEN parcel.g ELSE ST_CollectionExtract(ST_Difference(parcel.g, prohibited.g), 3) END AS g
                FROM parcel, prohibited
            ),
            piece AS (
                SELECT cut.i, d.geom AS g, ST_Area(d.geom) AS area FROM cut, ST_Dump(cut.g) d
            )
            SELECT cut.i, ST_Area(cut.parcel),
                   (SELECT ST_Collect(piece.g) FROM piece WHERE piece.i = cut.i AND piece.area >= $3),
                   (SELECT count(*) FROM piece WHERE piece.i = cut.i AND piece.area < $3 AND piece.area > 0)
            FROM cut ORDER BY cut.i
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        var kept = new List<Geometry>();
        var rows = new List<ClearParcel>();
        var slivers = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var index = reader.GetInt32(0) - 1;
                var parcelArea = reader.GetDouble(1);
                var clear = reader.IsDBNull(2) ? null : reader.GetFieldValue<Geometry>(2);
                slivers += (int)reader.GetInt64(3);
                var clearArea = clear?.Area ?? 0;
                if (clear is { IsEmpty: false }) kept.Add(clear);
                var parcel = parcels[index];
                rows.Add(new ClearParcel(parcel.Number, parcel.Name,
                    Area.FromSquareMetres(parcelArea).RoundedSquareMetres, Area.FromSquareMetres(clearArea).RoundedSquareMetres,
                    Percent(clearArea, parcelArea)));
            }
        }
        if (kept.Count == 0) return null;
        // Parcels may overlap: the clear part is the union of what is left of each.
        var clearUnion = CheckBoundaryHandler.AsMultiPolygon(UnaryUnionOp.Union(kept), union.SRID);
        if (clearUnion.IsEmpty) return null;
        var area = Area.FromSquareMetres(clearUnion.Area);
        return new ClearPart
        {
            AreaM2 = area.RoundedSquareMetres, AreaHa = area.RoundedHectares,
            PercentRetained = Percent(clearUnion.Area, union.Area),
            Geometry = GeoJson(clearUnion),
            Parcels = rows,
            SliversDropped = slivers,
        };
    }

    private sealed record Candidate(long N, double Dx, double Dy, double Deg, double Distance, Geometry Geometry);

    private sealed record SiteSearch(IReadOnlyList<SuggestedSite> Sites, int Total, int Tried, int Confirmed);

    private static async Task<SiteSearch> SitesAsync(
        ApprovalsDbContext db, NpgsqlConnection connection, ProvinceRules rules, AvoidanceOptions options, ProhibitedFeatures prohibited,
        MultiPolygon union, IReadOnlyList<UseRequest> uses, string? countyCode, CancellationToken ct)
    {
        var perSide = options.RadiusM / options.ShiftStepM;
        var turns = (int)Math.Ceiling(360.0 / options.RotationStepDeg);
        var moves = 0;
        for (var i = -perSide; i <= perSide; i++)
            for (var j = -perSide; j <= perSide; j++)
                if ((long)i * i + (long)j * j <= (long)perSide * perSide) moves++;
        var total = moves * turns - 1; // not the boundary as it is
        if (options.MaxSites == 0 || total <= 0) return new SiteSearch([], Math.Max(total, 0), 0, 0);

        var codes = rules.Catalogue.Categories.Select(c => c.Code).ToList();
        var requested = uses.Select(u => u.UseType.ReviewingDepartment()).ToHashSet();
        var pivot = Pivot.Of(union);
        var confirmed = new List<(Candidate Candidate, SuggestedSite Site)>();
        long lastMove = 0;
        // Enough clear placements to rank; a few more rounds when the county's edge or the checker turns some away.
        for (var round = 0; round < 8 && confirmed.Count < options.ConfirmedCandidates && lastMove < moves; round++)
        {
            var batch = await ClearCandidatesAsync(connection, prohibited, options, union, pivot, lastMove, options.ConfirmedCandidates, ct);
            lastMove = batch.Count < options.ConfirmedCandidates ? moves : batch.Max(c => c.N);
            foreach (var candidate in batch)
            {
                var shape = CheckBoundaryHandler.AsMultiPolygon(candidate.Geometry, union.SRID);
                if (countyCode is not null && await CountyFit.MeasureAsync(db, countyCode, shape, ct) is { Fits: false }) continue;
                var overlay = await SpatialOverlay.RunAsync(connection, shape, codes, ct);
                var decision = ComparisonReports.Decide(rules, overlay, uses);
                if (decision.IsProhibited) continue; // the index said clear, the checker disagrees (an edge within noise): not offered
                confirmed.Add((candidate, await SiteAsync(connection, rules, candidate, shape, overlay, decision, requested, ct)));
            }
            if (batch.Count == 0) break;
        }
        var tried = (int)Math.Min(total, lastMove * turns);

        var sites = confirmed
            .OrderBy(c => c.Site.RestrictedM2).ThenBy(c => c.Candidate.Distance).ThenBy(c => Math.Abs(c.Candidate.Deg > 180 ? 360 - c.Candidate.Deg : c.Candidate.Deg))
            .Take(options.MaxSites).Select(c => c.Site).ToList();
        return new SiteSearch(sites, total, tried, confirmed.Count);
    }

    /// <summary>
    /// The next <paramref name="limit"/> clear placements after move number <paramref name="after"/>, nearest first, in one
    /// statement that stops as soon as it has enough. Moves are tested before turns with two discs about the pivot (the
    /// centre of the shape's largest inscribed circle): a prohibited piece within the inscribed radius hits every turn of
    /// the shape, so the move is rejected with one index probe; none within the circumscribed radius clears every turn
    /// with one probe. Only the moves in between test each turned shape (&amp;&amp; then ST_Intersects). No area is measured.
    /// Each row is one move with its smallest clear turn.
    /// </summary>
    private static async Task<List<Candidate>> ClearCandidatesAsync(
        NpgsqlConnection connection, ProhibitedFeatures prohibited, AvoidanceOptions options, MultiPolygon union, Pivot pivot,
        long after, int limit, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = (Geometry)union },
            new() { Value = (double)options.ShiftStepM },
            new() { Value = options.RadiusM / options.ShiftStepM },
            new() { Value = (double)options.RotationStepDeg },
            new() { Value = after },
            new() { Value = limit },
            new() { Value = pivot.X },
            new() { Value = pivot.Y },
            new() { Value = pivot.InnerRadius },
            new() { Value = pivot.OuterRadius },
            new() { Value = union.SRID },
        };
        var condition = ProhibitedCondition(prohibited, parameters);
        var sql = $"""
            WITH move AS (
                SELECT i * $2 AS dx, j * $2 AS dy
                FROM generate_series(-$3, $3) i, generate_series(-$3, $3) j
                WHERE i * i + j * j <= $3 * $3
            ),
            numbered AS (
                SELECT row_number() OVER (ORDER BY dx * dx + dy * dy, dx, dy) AS n, dx, dy,
                       ST_SetSRID(ST_MakePoint($7 + dx, $8 + dy), $11) AS pt
                FROM move
            ),
            ordered AS (SELECT * FROM numbered WHERE n > $5 ORDER BY n),
            open_move AS (
                SELECT o.*, NOT EXISTS (
                        SELECT 1 FROM base_map_feature_parts p
                        WHERE p.geometry && ST_Expand(o.pt, $10) AND ST_DWithin(p.geometry, o.pt, $10) AND {condition}) AS free
                FROM ordered o
                WHERE NOT EXISTS (
                    SELECT 1 FROM base_map_feature_parts p
                    WHERE p.geometry && ST_Expand(o.pt, $9) AND ST_DWithin(p.geometry, o.pt, $9) AND {condition})
            )
            SELECT m.n, m.dx, m.dy, t.deg, t.g
            FROM open_move m
            CROSS JOIN LATERAL (
                SELECT r.deg, x.g
                FROM (SELECT k * $4 AS deg FROM generate_series(0, ceil(360 / $4)::int - 1) k ORDER BY least(k * $4, 360 - k * $4), k) r,
                     LATERAL (SELECT ST_Translate(ST_Rotate($1::geometry, radians(r.deg), $7, $8), m.dx, m.dy) AS g) x
                WHERE NOT (m.dx = 0 AND m.dy = 0 AND r.deg = 0)
                  AND (m.free OR NOT EXISTS (
                    SELECT 1 FROM base_map_feature_parts p
                    WHERE p.geometry && x.g AND ST_Intersects(x.g, p.geometry) AND {condition}))
                -- One turn per move (the smallest that is clear): three sites in one place turned three ways are one site.
                LIMIT 1
            ) t
            LIMIT $6
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        var result = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var dx = reader.GetDouble(1);
            var dy = reader.GetDouble(2);
            result.Add(new Candidate(reader.GetInt64(0), dx, dy, reader.GetDouble(3), Math.Sqrt(dx * dx + dy * dy), reader.GetFieldValue<Geometry>(4)));
        }
        return result;
    }

    /// <summary>Where the shape turns, and the radii of its inscribed and circumscribed discs about that point.</summary>
    private sealed record Pivot(double X, double Y, double InnerRadius, double OuterRadius)
    {
        public static Pivot Of(MultiPolygon shape)
        {
            var mic = new NetTopologySuite.Algorithm.Construct.MaximumInscribedCircle(shape, 0.5);
            var centre = mic.GetCenter().Coordinate;
            // A little inside the true radius: a disc that only touches a prohibited piece must not reject the move.
            var inner = Math.Max(0, mic.GetRadiusLine().Length - 1);
            var outer = shape.Coordinates.Max(c => c.Distance(centre)) + 1;
            return new Pivot(centre.X, centre.Y, inner, outer);
        }
    }

    private static async Task<SuggestedSite> SiteAsync(
        NpgsqlConnection connection, ProvinceRules rules, Candidate candidate, MultiPolygon shape, IReadOnlyDictionary<string, CategoryOverlay> overlay,
        RoutingDecision decision, IReadOnlySet<Domain.Departments.Department> requested, CancellationToken ct)
    {
        var entry = decision.Chain[0];
        // What the rules send up or to another department: a requirement of the hit above the entry level, or a department nobody asked for.
        var restrictedCodes = decision.Requirements
            .Where(r => r.CategoryCode is not null && (r.Level > entry || !requested.Contains(r.Department)))
            .Select(r => r.CategoryCode!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var categories = rules.Catalogue.Categories
            .Where(c => overlay.TryGetValue(c.Code, out var o) && o.OverlapM2 > NoiseM2)
            .Select(c =>
            {
                var level = decision.LevelOfCategory(c.Code) ?? c.RequiredLevel;
                return new SiteCategory(c.Code, c.Name, c.NameEn, Area.FromSquareMetres(overlay[c.Code].OverlapM2).RoundedSquareMetres,
                    ComparisonReports.Word(c.Department), ComparisonReports.Word(level), restrictedCodes.Contains(c.Code));
            })
            .ToList();
        var findings = decision.Findings.Select(f => f.Text).ToList();
        return new SuggestedSite
        {
            Geometry = GeoJson(shape),
            ShiftM = Math.Round(candidate.Distance, 1),
            ShiftEastM = Math.Round(candidate.Dx, 1),
            ShiftNorthM = Math.Round(candidate.Dy, 1),
            RotationDeg = candidate.Deg,
            RestrictedM2 = await RestrictedAreaAsync(connection, shape, categories.Where(c => c.Restricted).Select(c => c.Code).ToArray(), ct),
            Report = new SiteReport
            {
                Categories = categories,
                RequiredDepartments = decision.RequiredDepartments.Select(ComparisonReports.Word).ToList(),
                DecidingLevel = ComparisonReports.Word(decision.DecidingLevel),
                RequiredLevel = ComparisonReports.Word(decision.RequiredLevel),
                ForwardToNational = decision.ForwardToNational,
                Prohibited = decision.IsProhibited,
                Findings = findings.Select(f => f.Zh).ToList(),
                FindingsEn = findings.Select(f => f.En).ToList(),
            },
        };
    }

    /// <summary>
    /// The area of <paramref name="shape"/> ∩ the union of the features of the restricted categories: land that two of
    /// them cover (a nature park that is public welfare forest too) is restricted once, as the report never counts an
    /// overlap twice.
    /// </summary>
    private static async Task<decimal> RestrictedAreaAsync(NpgsqlConnection connection, MultiPolygon shape, string[] codes, CancellationToken ct)
    {
        if (codes.Length == 0) return 0;
        // Each piece is clipped to the site before the union, so the union only ever handles site-sized geometry.
        const string sql = """
            SELECT coalesce(ST_Area(ST_UnaryUnion(ST_Collect(ST_CollectionExtract(ST_Intersection(p.geometry, $1::geometry), 3)))), 0)
            FROM base_map_feature_parts p
            WHERE p.geometry && $1::geometry AND ST_Intersects($1::geometry, p.geometry) AND p.category_code = ANY($2)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (Geometry)shape });
        command.Parameters.Add(new NpgsqlParameter { Value = codes });
        var area = (double)(await command.ExecuteScalarAsync(ct))!;
        return Area.FromSquareMetres(area).RoundedSquareMetres;
    }

    private static decimal Percent(double part, double whole) =>
        whole > 0 ? Math.Round((decimal)(part / whole * 100), 2, MidpointRounding.AwayFromZero) : 0;

    /// <summary>GeoJSON of a (multi)polygon in EPSG:4490 lon/lat, to 9 decimals (well under a millimetre).</summary>
    internal static JsonNode GeoJson(Geometry geometry)
    {
        var lonLat = CoordinateTransformer.Transform(geometry, geometry.SRID, Cgcs2000Crs.GeographicSrid);
        var polygons = Enumerable.Range(0, lonLat.NumGeometries).Select(lonLat.GetGeometryN).OfType<Polygon>().ToList();
        var json = new StringBuilder("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (var i = 0; i < polygons.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append('[');
            var rings = new[] { polygons[i].ExteriorRing }.Concat(polygons[i].InteriorRings).ToList();
            for (var r = 0; r < rings.Count; r++)
            {
                if (r > 0) json.Append(',');
                json.Append('[');
                var coordinates = rings[r].Coordinates;
                for (var c = 0; c < coordinates.Length; c++)
                {
                    if (c > 0) json.Append(',');
                    json.Append(CultureInfo.InvariantCulture, $"[{Math.Round(coordinates[c].X, 9)},{Math.Round(coordinates[c].Y, 9)}]");
                }
                json.Append(']');
            }
            json.Append(']');
        }
        json.Append("]}");
        return JsonNode.Parse(json.ToString())!;
    }
}
