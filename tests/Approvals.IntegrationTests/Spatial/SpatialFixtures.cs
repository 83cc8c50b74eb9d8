using System.Globalization;
using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Infrastructure;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Spatial;

/// <summary>
/// Small base maps and boundaries placed around one point of Jincheng, written in metres relative to
/// that point (in the storage CRS, EPSG:4526), so a test reads like a drawing on squared paper.
/// </summary>
public static class SpatialFixtures
{
    public const int StorageSrid = 4526;

    /// <summary>The origin: 112.45°E, 35.5°N (inside Shanxi, west of Jincheng) in EPSG:4526.</summary>
    public static readonly (double X, double Y) Origin = Round(CoordinateTransformer.Transform(112.45, 35.5, Cgcs2000Crs.GeographicSrid, StorageSrid));

    private static (double, double) Round((double X, double Y) p) => (Math.Round(p.X), Math.Round(p.Y));

    /// <summary>A rectangle from (x0, y0) to (x1, y1) metres from the origin, as GeoJSON coordinates of one ring, in EPSG:4526.</summary>
    public static string Ring(double x0, double y0, double x1, double y1) =>
        "[" + string.Join(",", new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"[{Origin.X + p.Item1:F3},{Origin.Y + p.Item2:F3}]"))) + "]";

    public static string Feature(string id, string geometry, string properties = "{}") =>
        $$"""{"type":"Feature","id":"{{id}}","properties":{{properties}},"geometry":{{geometry}}}""";

    public static string Polygon(params string[] rings) => $$"""{"type":"Polygon","coordinates":[{{string.Join(",", rings)}}]}""";

    public static string MultiPolygon(params string[] polygons) => $$"""{"type":"MultiPolygon","coordinates":[{{string.Join(",", polygons.Select(p => "[" + p + "]"))}}]}""";

    public static byte[] Collection(params string[] features) =>
        Encoding.UTF8.GetBytes($$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""");

    /// <summary>
    /// Permanent basic farmland with everything the union must get right: two squares overlapping by
    /// 100 × 100 m, a multipolygon, a square with a hole, and a small square wholly inside the boundary.
    /// </summary>
    public static byte[] Farmland() => Collection(
        Feature("f1", Polygon(Ring(0, 0, 200, 200)), """{"name":"基本农田 1"}"""),
        Feature("f2", Polygon(Ring(100, 100, 300, 300)), """{"name":"基本农田 2"}"""),
        Feature("f3", MultiPolygon(Ring(400, 0, 450, 80), Ring(500, 0, 550, 80)), """{"name":"基本农田 3"}"""),
        Feature("f4", Polygon(Ring(0, 400, 300, 700), Ring(100, 500, 200, 600)), """{"name":"基本农田 4"}"""),
        Feature("f5", Polygon(Ring(600, 600, 620, 620)), """{"name":"基本农田 5"}"""));

    /// <summary>Cultivated land far from the boundary on two sides: its coverage (the hull) spans the boundary, so the result is "clear".</summary>
    public static byte[] CultivatedAround() => Collection(
        Feature("c1", Polygon(Ring(-600, -600, -500, -500))),
        Feature("c2", Polygon(Ring(1500, 1500, 1600, 1600))),
        Feature("c3", Polygon(Ring(-600, 1500, -500, 1600))),
        Feature("c4", Polygon(Ring(1500, -600, 1600, -500))));

    /// <summary>Grade III timber forest overlapping the boundary's corner.</summary>
    public static byte[] Forest() => Collection(
        Feature("w1", Polygon(Ring(0, 0, 100, 100)), """{"保护等级":"III","林种":"用材林","name":"林地 1"}"""));

    /// <summary>The boundary: (50, 50)–(650, 650) with a hole (250, 250)–(350, 350); 35 ha.</summary>
    public static byte[] BoundaryInStorageCrs() => Encoding.UTF8.GetBytes(Polygon(Ring(50, 50, 650, 650), Ring(250, 250, 350, 350)));

    /// <summary>The same boundary in EPSG:4490 longitude/latitude (RFC 7946 GeoJSON).</summary>
    public static byte[] BoundaryInLonLat()
    {
        string LonLatRing(double x0, double y0, double x1, double y1) =>
            "[" + string.Join(",", new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }.Select(p =>
            {
                var (lon, lat) = CoordinateTransformer.Transform(Origin.X + p.Item1, Origin.Y + p.Item2, StorageSrid, Cgcs2000Crs.GeographicSrid);
                return string.Create(CultureInfo.InvariantCulture, $"[{lon:F10},{lat:F10}]");
            })) + "]";
        return Encoding.UTF8.GetBytes(Polygon(LonLatRing(50, 50, 650, 650), LonLatRing(250, 250, 350, 350)));
    }

    /// <summary>
    /// A 界址点坐标 TXT in GBK, zone 37 (EPSG:4525, coordinates with the zone prefix), with two parcels:
    /// the west (12 ha) and the east (24 ha) part of the boundary's square, without its hole.
    /// </summary>
    public static byte[] TwoParcelTxtInZone37()
    {
        string Point(string name, int ring, double x, double y)
        {
            var (e, n) = CoordinateTransformer.Transform(Origin.X + x, Origin.Y + y, StorageSrid, 4525);
            return string.Create(CultureInfo.InvariantCulture, $"{name},{ring},{n:F3},{e:F3}");
        }
        var text = new StringBuilder();
        text.AppendLine("[属性描述]").AppendLine("坐标系=2000国家大地坐标系").AppendLine("几度分带=3").AppendLine("带号=37").AppendLine("[地块坐标]");
        text.AppendLine("5,12.0000,1,西地块,面,,公路用地,,@");
        text.AppendLine(Point("J1", 1, 50, 50)).AppendLine(Point("J2", 1, 250, 50)).AppendLine(Point("J3", 1, 250, 650))
            .AppendLine(Point("J4", 1, 50, 650)).AppendLine(Point("J1", 1, 50, 50));
        text.AppendLine("5,24.0000,2,东地块,面,,公路用地,,@");
        text.AppendLine(Point("J5", 1, 250, 50)).AppendLine(Point("J6", 1, 650, 50)).AppendLine(Point("J7", 1, 650, 650))
            .AppendLine(Point("J8", 1, 250, 650)).AppendLine(Point("J5", 1, 250, 50));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936).GetBytes(text.ToString());
    }

    public static Boundary Read(byte[] content, int? srid = null)
    {
        var result = new BoundaryReader(BoundaryReadOptions.Default with { StorageSrid = StorageSrid }).Read(content, "test", srid);
        return result.Boundary ?? throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.MessageEn)));
    }
}

/// <summary>The application's services on a test database of its own, without a web host.</summary>
public sealed class SpatialServices : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Approvals"] = Database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApprovalsInfrastructure(configuration);
        Services = services.BuildServiceProvider();
    }

    public async Task<T> Send<T>(ICommand<T> command, Actor? actor = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = actor ?? Actor.System("test");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async Task<T> Send<T>(IQuery<T> query, Actor? actor = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = actor ?? Actor.System("test");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>PostGIS's own answer for a stored check: ST_Area(ST_Intersection(ST_Union(features), boundary)) over the category's current features.</summary>
    public async Task<double> PostGisUnionOverlap(Guid checkId, string code)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT coalesce(ST_Area(ST_Intersection(ST_Union(f.geometry), (SELECT boundary FROM spatial_checks WHERE id = $1))), 0)
            FROM base_map_features f JOIN base_map_layers l ON l.id = f.layer_id AND l.is_current
            WHERE f.category_code = $2
            """, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = checkId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = code });
        return Convert.ToDouble(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<ImportedBaseMapLayer> Import(string category, byte[] content, bool replace = false, int? srid = SpatialFixtures.StorageSrid) =>
        Send(new ImportBaseMapLayerCommand(category, $"{category}.geojson", content, srid, null, replace));

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
