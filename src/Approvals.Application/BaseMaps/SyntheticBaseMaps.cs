using System.Text.Json;
using Approvals.Application.DemoData;
using Approvals.Domain.BaseMaps;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

namespace Approvals.Application.BaseMaps;

/// <summary>
/// Deterministic synthetic base maps over the demo counties, laid out in the storage CRS: mostly
/// small irregular polygons (some with holes) that overlap each other, some larger ones, rivers
/// and corridors, and a few huge polygons. The same seed gives the same features.
/// </summary>
public sealed class SyntheticBaseMaps
{
    /// <summary>The demo areas in lon/lat: Jincheng (泽州、阳城、高平) and Taiyuan (清徐、阳曲).</summary>
    public static readonly (string Name, double MinLon, double MinLat, double MaxLon, double MaxLat)[] DemoAreas =
    [
        ("晋城", 112.5, 35.2, 113.2, 36.0),
        ("太原", 112.2, 37.4, 112.8, 38.1),
    ];

    private readonly GeometryFactory factory;

    public SyntheticBaseMaps(int storageSrid)
    {
        factory = new GeometryFactory(new PrecisionModel(), storageSrid);
        Areas = DemoAreas.Select(a =>
        {
            // The box of the four transformed corners: a slightly larger, axis-aligned area in metres.
            var corners = new[] { (a.MinLon, a.MinLat), (a.MaxLon, a.MinLat), (a.MaxLon, a.MaxLat), (a.MinLon, a.MaxLat) }
                .Select(c => CoordinateTransformer.Transform(c.Item1, c.Item2, Cgcs2000Crs.GeographicSrid, storageSrid)).ToList();
            return new Envelope(corners.Min(c => c.X), corners.Max(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.Y));
        }).ToArray();
        Coverage = factory.CreateMultiPolygon(Areas.Select(e => (Polygon)factory.ToGeometry(e)).ToArray());
    }

    /// <summary>The demo areas in the storage CRS.</summary>
    public Envelope[] Areas { get; }

    /// <summary>What the synthetic layers cover: both demo areas.</summary>
    public MultiPolygon Coverage { get; }

    public GeometryFactory Factory => factory;

    /// <summary>A random point in the demo areas, area-weighted.</summary>
    public Coordinate RandomPoint(Random random, double margin = 0)
    {
        var total = Areas.Sum(a => a.Area);
        var pick = random.NextDouble() * total;
        var area = Areas[0];
        foreach (var a in Areas)
        {
            area = a;
            if ((pick -= a.Area) <= 0) break;
        }
        return new Coordinate(
            area.MinX + margin + random.NextDouble() * (area.Width - 2 * margin),
            area.MinY + margin + random.NextDouble() * (area.Height - 2 * margin));
    }

    /// <summary>
    /// The features of one category; <paramref name="count"/> of them. Like real survey layers, most
    /// features tile the land without overlapping: small patches sit one per cell of a jittered grid
    /// over the demo areas. A few percent are dropped at random places and do overlap, and larger
    /// blobs, corridors (rivers, roads) and a few huge polygons lie across the patches.
    /// </summary>
    public List<BaseMapFeatureDraft> Generate(BaseMapCategory category, int seed, int count)
    {
        var random = new Random(StableSeed.Mix(seed, category.Order, 0xBA5E));
        var features = new List<BaseMapFeatureDraft>(count);
        var cells = GridCells(count);
        var huge = count >= 10 ? Math.Clamp(count / 20_000, 1, 5) : 0;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            Polygon[] polygons;
            string shape;
            if (i < huge)
            {
                // A forest or a reserve: kilometres across, thousands of vertices.
                polygons = [Blob(RandomPoint(random, 5_000), 3_000 + random.NextDouble() * 5_000, random.Next(800, 3_000), random, hole: true, jitter: 0.03)];
                shape = "huge";
            }
            else if (roll < 0.003)
            {
                polygons = [Corridor(RandomPoint(random, 2_000), 3_000 + random.NextDouble() * 27_000, 20 + random.NextDouble() * 100, random)];
                shape = "corridor";
            }
            else if (roll < 0.013)
            {
                polygons = [Blob(RandomPoint(random), 200 + random.NextDouble() * 400, random.Next(60, 200), random, hole: random.NextDouble() < 0.3, jitter: 0.08)];
                shape = "large";
            }
            else
            {
                // One patch per grid cell, small enough not to reach the neighbours; 3 % anywhere (overlapping).
                var (centre, cellSize) = roll < 0.043 || i >= cells.Count ? (RandomPoint(random), cells.Size) : (cells[i], cells.Size);
                centre = new Coordinate(centre.X + (random.NextDouble() - 0.5) * 0.1 * cellSize, centre.Y + (random.NextDouble() - 0.5) * 0.1 * cellSize);
                var radius = Math.Min(0.3 * cellSize, Math.Clamp(70 * Math.Exp(0.6 * Gaussian(random)), 15, 400));
                polygons = random.NextDouble() < 0.05
                    ? [Blob(centre, radius * 0.6, random.Next(8, 40), random, hole: false), Blob(new Coordinate(centre.X, centre.Y + 0.35 * cellSize), radius * 0.2, random.Next(8, 16), random, hole: false)]
                    : [Blob(centre, radius, random.Next(8, 40), random, hole: random.NextDouble() < 0.05, jitter: 0.15)];
                shape = "parcel";
            }
            var geometry = factory.CreateMultiPolygon(polygons);
            // A long meander may loop back over itself, and two parts of a patch may touch: such
            // geometries are fixed, as an import would fix them.
            if ((shape == "corridor" || polygons.Length > 1) && !geometry.IsValid)
                geometry = BaseMapGeometry.Normalise(geometry, factory.SRID, out _, out _) ?? factory.CreateMultiPolygon([Blob(polygons[0].Centroid.Coordinate, 100, 12, random, hole: false)]);
            var attributes = Attributes(category, i, shape, geometry.Area, random, out var grade, out var kind);
            features.Add(new BaseMapFeatureDraft($"{category.Code}-{i + 1}", $"{category.Name} {i + 1}", attributes, grade, kind, geometry));
        }
        return features;
    }

    /// <summary>
    /// The categories whose real data overlaps within itself: mining rights (an exploration right beside a mining right,
    /// rights of different minerals stacked), nature parks (a forest park inside a scenic area) and hazard zones (a hazard
    /// point inside a prone area). Every other layer is a survey or a plan that partitions the land (三调 parcels,
    /// 永久基本农田 patches, forest sub-compartments, zoning): its features never overlap one another.
    /// </summary>
    public static readonly IReadOnlySet<string> Overlapping = new HashSet<string> { BaseMapCodes.MineralRights, BaseMapCodes.NaturePark, BaseMapCodes.GeologicalHazard };

    /// <summary>
    /// The features of one category as real data has them (<c>--realistic</c>): a planar layer for the survey and plan
    /// categories, the overlapping layer of <see cref="Generate"/> for the <see cref="Overlapping"/> ones.
    /// </summary>
    public List<BaseMapFeatureDraft> GenerateRealistic(BaseMapCategory category, int seed, int count) =>
        Overlapping.Contains(category.Code) ? Generate(category, seed, count) : GeneratePlanar(category, seed, count);

    /// <summary>
    /// A planar layer: a jittered grid whose cells share their edges exactly (each edge's inner points are drawn from the
    /// edge's own key, so both neighbours get the same coordinates), like a survey's parcels. Zoning covers all the land;
    /// the other categories hold about every second cell (<paramref name="count"/> cells chosen spread over the grid),
    /// so patches lie side by side with gaps, never on top of each other.
    /// </summary>
    public List<BaseMapFeatureDraft> GeneratePlanar(BaseMapCategory category, int seed, int count)
    {
        var share = category.Code == BaseMapCodes.LandUseZoning ? 1.0 : 0.5;
        var size = Math.Sqrt(Areas.Sum(a => a.Area) * share / Math.Max(1, count));
        // Rounded up: the last row and column may reach a little beyond the area, so there are always enough cells.
        var grids = Areas.Select(a => (Area: a, Columns: (int)Math.Ceiling(a.Width / size), Rows: (int)Math.Ceiling(a.Height / size))).ToArray();
        var cells = grids.Sum(g => (long)g.Columns * g.Rows);
        var step = (long)(cells * 0.618_033_988_75) | 1;
        while (Gcd(step, cells) != 1) step += 2;
        var salt = StableSeed.Mix(seed, category.Order, 0x9A4A);
        var random = new Random(StableSeed.Mix(seed, category.Order, 0xBA5E));
        var features = new List<BaseMapFeatureDraft>(count);
        for (var i = 0; i < count && i < cells; i++)
        {
            var cell = (long)((Int128)i * step % cells);
            var g = 0;
            while (cell >= (long)grids[g].Columns * grids[g].Rows)
            {
                cell -= (long)grids[g].Columns * grids[g].Rows;
                g++;
            }
            var (area, columns, _) = grids[g];
            var (x, y) = ((int)(cell % columns), (int)(cell / columns));
            var ring = new List<Coordinate>(13);
            // Counter-clockwise: the bottom edge eastwards, the right one northwards, the top one westwards, the left one southwards.
            ring.AddRange(Edge(salt, g, area, size, x, y, x + 1, y));
            ring.AddRange(Edge(salt, g, area, size, x + 1, y, x + 1, y + 1));
            ring.AddRange(Edge(salt, g, area, size, x + 1, y + 1, x, y + 1));
            ring.AddRange(Edge(salt, g, area, size, x, y + 1, x, y));
            ring.Add(ring[0].Copy());
            var geometry = factory.CreateMultiPolygon([factory.CreatePolygon(ring.ToArray())]);
            var attributes = Attributes(category, i, "parcel", geometry.Area, random, out var grade, out var kind);
            features.Add(new BaseMapFeatureDraft($"{category.Code}-{i + 1}", $"{category.Name} {i + 1}", attributes, grade, kind, geometry));
        }
        return features;

        static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }

    /// <summary>An edge of the planar grid from node (x1, y1) to (x2, y2) without its end: its start and two inner points.</summary>
    private static IEnumerable<Coordinate> Edge(int salt, int grid, Envelope area, double size, int x1, int y1, int x2, int y2)
    {
        // The inner points are computed from the edge's lower node towards its upper one, whichever way the ring runs,
        // so the two cells that share the edge get the same coordinates.
        var forward = x1 < x2 || y1 < y2;
        var (from, to) = forward
            ? (Node(salt, grid, area, size, x1, y1), Node(salt, grid, area, size, x2, y2))
            : (Node(salt, grid, area, size, x2, y2), Node(salt, grid, area, size, x1, y1));
        var (kx, ky, kind) = (Math.Min(x1, x2), Math.Min(y1, y2), y1 == y2 ? 10 : 20);
        var (dx, dy) = (to.X - from.X, to.Y - from.Y);
        var length = Math.Sqrt(dx * dx + dy * dy);
        var inner = new[] { 1 / 3.0, 2 / 3.0 }.Select((t, n) =>
        {
            var offset = (Unit(salt, grid, kx, ky, kind + n) - 0.5) * 0.12 * size;
            return new Coordinate(Math.Round(from.X + dx * t - dy / length * offset, 3), Math.Round(from.Y + dy * t + dx / length * offset, 3));
        }).ToArray();
        yield return forward ? from : to;
        foreach (var p in forward ? inner : inner.Reverse()) yield return p;
    }

    /// <summary>A node of the planar grid: the grid point moved by up to a fifth of a cell, the same for every cell that shares it.</summary>
    private static Coordinate Node(int salt, int grid, Envelope area, double size, int x, int y) => new(
        Math.Round(area.MinX + (x + (Unit(salt, grid, x, y, 1) - 0.5) * 0.4) * size, 3),
        Math.Round(area.MinY + (y + (Unit(salt, grid, x, y, 2) - 0.5) * 0.4) * size, 3));

    private static double Unit(int salt, int grid, int x, int y, int which) =>
        StableSeed.Mix(StableSeed.Mix(salt, grid * 7 + which, x), y, which) / (double)int.MaxValue;

    /// <summary>Centres of a square grid over the demo areas with about <paramref name="count"/> cells, in a seeded shuffle-free order.</summary>
    private GridCentres GridCells(int count)
    {
        var size = Math.Sqrt(Areas.Sum(a => a.Area) / Math.Max(1, count));
        var centres = new List<Coordinate>(count + 1000);
        foreach (var a in Areas)
            for (var y = a.MinY + size / 2; y < a.MaxY; y += size)
                for (var x = a.MinX + size / 2; x < a.MaxX; x += size)
                    centres.Add(new Coordinate(x, y));
        return new GridCentres(centres, size);
    }

    private sealed class GridCentres(List<Coordinate> centres, double size)
    {
        public double Size { get; } = size;
        public int Count => centres.Count;
        public Coordinate this[int i] => centres[i];
    }

    /// <summary>
    /// A star-shaped polygon around <paramref name="centre"/>: always simple. Its radius follows a few
    /// slow waves (lobes, as fields and forests have) with some vertex-to-vertex jitter on top.
    /// </summary>
    public Polygon Blob(Coordinate centre, double radius, int vertices, Random random, bool hole, double jitter = 0.1)
    {
        var shell = Ring(centre, radius, vertices, random, jitter, lobes: true);
        // Radii never fall below about half the radius, so a hole of a quarter of it stays inside.
        return hole
            ? factory.CreatePolygon(shell, [factory.CreateLinearRing(Reverse(Ring(centre, radius * 0.25, Math.Max(6, vertices / 4), random, 0.1, lobes: false).Coordinates))])
            : factory.CreatePolygon(shell);
    }

    private LinearRing Ring(Coordinate centre, double radius, int vertices, Random random, double jitter, bool lobes)
    {
        var coordinates = new Coordinate[vertices + 1];
        var phase = random.NextDouble() * Math.PI * 2;
        var (p1, p2, p3) = (random.NextDouble() * 6.3, random.NextDouble() * 6.3, random.NextDouble() * 6.3);
        for (var k = 0; k < vertices; k++)
        {
            var angle = phase + 2 * Math.PI * k / vertices;
            var wave = lobes ? 1 + 0.25 * Math.Sin(2 * angle + p1) + 0.12 * Math.Sin(3 * angle + p2) + 0.06 * Math.Sin(5 * angle + p3) : 1;
            var r = radius * wave * (1 - jitter * random.NextDouble());
            coordinates[k] = new Coordinate(Math.Round(centre.X + r * Math.Cos(angle), 3), Math.Round(centre.Y + r * Math.Sin(angle), 3));
        }
        coordinates[vertices] = coordinates[0].Copy();
        return factory.CreateLinearRing(coordinates);
    }

    private static Coordinate[] Reverse(Coordinate[] coordinates) => coordinates.Reverse().ToArray();

    /// <summary>
    /// A meandering strip (a river, a road, a pipeline): a centre line of 200 m steps whose heading
    /// turns gently, offset to both sides. Turns stay small against the step so the sides never cross.
    /// </summary>
    public Polygon Corridor(Coordinate start, double length, double width, Random random, double maxTurnDegrees = 12)
    {
        const double step = 200;
        var steps = Math.Max(2, (int)(length / step));
        var heading = random.NextDouble() * Math.PI * 2;
        var line = new List<Coordinate> { start };
        for (var k = 0; k < steps; k++)
        {
            heading += (random.NextDouble() * 2 - 1) * maxTurnDegrees * Math.PI / 180;
            var last = line[^1];
            line.Add(new Coordinate(last.X + step * Math.Cos(heading), last.Y + step * Math.Sin(heading)));
        }
        var left = new List<Coordinate>();
        var right = new List<Coordinate>();
        for (var k = 0; k < line.Count; k++)
        {
            var a = line[Math.Max(0, k - 1)];
            var b = line[Math.Min(line.Count - 1, k + 1)];
            var dx = b.X - a.X;
            var dy = b.Y - a.Y;
            var norm = Math.Sqrt(dx * dx + dy * dy);
            var nx = -dy / norm * width / 2;
            var ny = dx / norm * width / 2;
            left.Add(new Coordinate(Math.Round(line[k].X + nx, 3), Math.Round(line[k].Y + ny, 3)));
            right.Add(new Coordinate(Math.Round(line[k].X - nx, 3), Math.Round(line[k].Y - ny, 3)));
        }
        right.Reverse();
        var ring = left.Concat(right).Append(left[0].Copy()).ToArray();
        return factory.CreatePolygon(ring);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static readonly string[] Grades = ["I", "II", "III", "IV"];
    private static readonly string[] ForestKinds = ["防护林", "特种用途林", "用材林", "经济林", "薪炭林", "其他林地"];
    private static readonly string[] ReserveZones = ["核心区", "缓冲区", "实验区"];
    private static readonly string[] Zonings = ["农田保护区", "城镇发展区", "乡村发展区", "生态控制区", "矿产能源发展区"];

    private static string Attributes(BaseMapCategory category, int index, string shape, double area, Random random, out short? grade, out short? kind)
    {
        grade = null;
        kind = null;
        var a = new Dictionary<string, object>
        {
            ["编号"] = $"{category.Code}{index + 1:D7}",
            ["面积公顷"] = Math.Round(area / 10_000, 4),
            ["形态"] = shape,
        };
        switch (category.Code)
        {
            case BaseMapCodes.ForestLand:
                var g = Grades[Math.Min(3, (int)(Math.Pow(random.NextDouble(), 0.6) * 4))];
                var k = ForestKinds[random.Next(ForestKinds.Length)];
                a["保护等级"] = g;
                a["林种"] = k;
                grade = (short)(Array.IndexOf(Grades, g) + 1);
                kind = k is "防护林" or "特种用途林" ? (short)1 : k == "其他林地" ? (short)3 : (short)2;
                break;
            case BaseMapCodes.NatureReserve:
                a["功能区"] = ReserveZones[random.Next(ReserveZones.Length)];
                break;
            case BaseMapCodes.LandUseZoning:
                a["规划分区"] = Zonings[random.Next(Zonings.Length)];
                break;
            case BaseMapCodes.MineralRights:
                a["许可证号"] = $"C14000020{random.Next(10_000_000, 99_999_999)}";
                a["权利类型"] = random.NextDouble() < 0.7 ? "采矿权" : "探矿权";
                break;
            case BaseMapCodes.PublicWelfareForest:
                a["事权等级"] = random.NextDouble() < 0.4 ? "国家级" : "省级";
                break;
        }
        return JsonSerializer.Serialize(a, Approvals.Application.SpatialChecks.ComparisonReport.JsonOptions);
    }
}
