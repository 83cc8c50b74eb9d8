using System.Globalization;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

namespace Approvals.Spatial.Boundaries;

/// <summary>
/// Reads a 界址点坐标 TXT file: a [属性描述] section of key=value lines (带号, 坐标系, 几度分带, 计量单位…)
/// and a [地块坐标] section of parcel headers ending in "@" followed by point lines
/// "name,ring,X(northing),Y(easting, usually with the two-digit zone in front)".
/// UTF-8 (with or without BOM) and GBK are both accepted.
/// </summary>
public sealed class BoundaryCoordinateTxtReader
{
    const string DescriptionSection = "属性描述";
    const string CoordinateSection = "地块坐标";

    readonly BoundaryReadOptions options;

    /// <summary>Creates a reader; <paramref name="options"/> defaults to <see cref="BoundaryReadOptions.Default"/>.</summary>
    /// <exception cref="ArgumentException">The storage SRID is not a supported projected CRS.</exception>
    public BoundaryCoordinateTxtReader(BoundaryReadOptions? options = null)
    {
        this.options = BoundaryBuilder.CheckOptions(options);
    }

    /// <summary>Reads the file's bytes (UTF-8 or GBK, detected).</summary>
    /// <param name="content">The file.</param>
    /// <param name="sourceSrid">Used only when eastings carry no zone prefix and the header gives no 带号.</param>
    public BoundaryReadResult Read(byte[] content, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (BoundaryBuilder.CheckSize(content.LongLength, options) is { } tooLarge)
        {
            return BoundaryReadResult.Failure(tooLarge);
        }

        return ReadText(TextDecoding.Decode(content), sourceSrid);
    }

    /// <summary>Reads already decoded text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourceSrid">Used only when eastings carry no zone prefix and the header gives no 带号.</param>
    public BoundaryReadResult ReadText(string text, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<BoundaryError>();
        var description = new Dictionary<string, string>(StringComparer.Ordinal);
        var parcels = new List<(ParcelDraft Draft, string? Kind, List<PointLine> Points)>();
        bool hasSections = text.Contains('[' + CoordinateSection + ']', StringComparison.Ordinal);
        string? section = null;
        // Parcels and points are counted to the end, but kept only while within the limits: the refusal
        // names the real counts without holding a million points to get them.
        long parcelCount = 0;
        long pointCount = 0;

        using var reader = new StringReader(text);
        int lineNumber = 0;
        while (reader.ReadLine() is { } rawLine)
        {
            lineNumber++;
            string line = rawLine.Trim().Replace('，', ',');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            if (section == DescriptionSection)
            {
                int eq = line.IndexOf('=');
                if (eq > 0)
                {
                    description[line[..eq].Trim()] = line[(eq + 1)..].Trim();
                }

                continue;
            }

            // Files without section markers are taken to be a bare coordinate list.
            if (section != CoordinateSection && (hasSections || section is not null))
            {
                continue; // unknown sections are allowed and ignored
            }

            bool withinLimits = parcelCount <= options.MaxParcels && pointCount <= options.MaxVertices;
            if (line.EndsWith('@'))
            {
                parcelCount++;
                if (withinLimits)
                {
                    parcels.Add(ParseHeader(line, parcels.Count + 1));
                }

                continue;
            }

            if (!TryParsePoint(line, lineNumber, out var point))
            {
                if (errors.Count >= BoundaryBuilder.MaxErrors)
                {
                    continue;
                }

                errors.Add(BoundaryError.Create(
                    BoundaryErrorCodes.MalformedLine,
                    $"无法识别的坐标行“{Shorten(line)}”，应为“点号,圈号,X,Y”",
                    $"cannot read \"{Shorten(line)}\"; expected \"point,ring,X,Y\"",
                    parcelNumber: parcels.Count > 0 ? parcels[^1].Draft.Number : null, line: lineNumber));
                continue;
            }

            if (parcelCount == 0)
            {
                parcelCount++;
                parcels.Add((new ParcelDraft { Number = "1" }, null, []));
            }

            pointCount++;
            if (withinLimits)
            {
                parcels[^1].Points.Add(point);
            }
        }

        if (BoundaryBuilder.CheckCounts(parcelCount, pointCount, options) is { Count: > 0 } tooMany)
        {
            return BoundaryReadResult.Failure(tooMany);
        }

        if (errors.Count > 0)
        {
            return BoundaryReadResult.Failure(errors);
        }

        foreach (var (draft, kind, _) in parcels)
        {
            if (!string.IsNullOrEmpty(kind) && kind != "面")
            {
                errors.Add(BoundaryError.Create(
                    BoundaryErrorCodes.UnsupportedGeometryKind,
                    $"图形属性为“{kind}”，只接受“面”",
                    $"geometry kind is \"{kind}\" ({KindInEnglish(kind)}); only polygons (面) are accepted",
                    draft.Number, draft.Name));
            }
        }

        CheckDescription(description, errors);
        if (errors.Count > 0)
        {
            return BoundaryReadResult.Failure(errors);
        }

        var all = parcels.SelectMany(p => p.Points.Select(pt => (p.Draft, Point: pt))).ToList();
        if (all.Count == 0)
        {
            return BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.NoParcels, "文件中没有地块坐标（缺少 [地块坐标] 或坐标行）", "the file has no parcel coordinates ([地块坐标] or point lines missing)"));
        }

        var srid = DetermineSrid(description, all, sourceSrid, out var zoneError);
        if (zoneError is not null)
        {
            return BoundaryReadResult.Failure(zoneError);
        }

        foreach (var (draft, _, points) in parcels)
        {
            GroupRings(draft, points);
        }

        return new BoundaryBuilder(options).Build(BoundaryFormat.CoordinateTxt, srid, parcels.Select(p => p.Draft).ToList());
    }

    readonly record struct PointLine(string Name, int Ring, double Northing, double Easting, int Line);

    static (ParcelDraft, string?, List<PointLine>) ParseHeader(string line, int position)
    {
        var fields = line[..^1].Split(',').Select(f => f.Trim()).ToList();
        string? Field(int i) => i < fields.Count && fields[i].Length > 0 ? fields[i] : null;
        double? area = double.TryParse(Field(1), NumberStyles.Float, CultureInfo.InvariantCulture, out double ha) && ha > 0 ? ha : null;
        var draft = new ParcelDraft
        {
            Number = Field(2) ?? position.ToString(CultureInfo.InvariantCulture),
            Name = Field(3),
            DeclaredAreaHa = area,
            DeclaredUse = Field(6),
            LandClassCode = Field(7),
        };
        return (draft, Field(4), []);
    }

    static bool TryParsePoint(string line, int lineNumber, out PointLine point)
    {
        point = default;
        // Split on spans: a file may have hundreds of thousands of lines, each read once.
        var text = line.AsSpan();
        Span<Range> fields = stackalloc Range[5];
        int count = text.Split(fields, ',');
        // Some tools append empty fields after a trailing comma; the fifth range holds all that follows.
        if (count < 4 || (count == 5 && !OnlyCommasAndSpaces(text[fields[4]])))
        {
            return false;
        }

        if (!int.TryParse(text[fields[1]].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int ring)
            || !double.TryParse(text[fields[2]].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            || !double.TryParse(text[fields[3]].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
        {
            return false;
        }

        point = new PointLine(text[fields[0]].Trim().ToString(), ring, x, y, lineNumber);
        return true;
    }

    static bool OnlyCommasAndSpaces(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c != ',' && !char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    static void CheckDescription(Dictionary<string, string> description, List<BoundaryError> errors)
    {
        if (description.TryGetValue("坐标系", out var system) && system.Length > 0
            && !system.Contains("2000", StringComparison.Ordinal))
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedCrs,
                $"坐标系“{system}”不受支持，请使用 2000 国家大地坐标系",
                $"coordinate system \"{system}\" is not supported; use CGCS2000 (2000国家大地坐标系)"));
        }

        if (description.TryGetValue("几度分带", out var width) && width.Length > 0 && width != "3")
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedCrs,
                $"{width} 度分带不受支持，请使用 3 度分带",
                $"{width}-degree zones are not supported; use 3-degree zones"));
        }

        if (description.TryGetValue("计量单位", out var unit) && unit.Length > 0
            && unit is not ("米" or "m" or "M" or "metre" or "meter"))
        {
            errors.Add(BoundaryError.Create(
                BoundaryErrorCodes.UnsupportedCrs,
                $"计量单位“{unit}”不受支持，坐标须以米为单位",
                $"unit \"{unit}\" is not supported; coordinates must be in metres"));
        }
    }

    /// <summary>
    /// The zone comes from both the header's 带号 and the eastings' two-digit prefix; they must agree.
    /// Without a prefix the header zone selects the no-prefix CRS of that central meridian.
    /// </summary>
    static int DetermineSrid(
        Dictionary<string, string> description, List<(ParcelDraft Draft, PointLine Point)> points,
        int? sourceSrid, out BoundaryError? error)
    {
        error = null;
        int? headerZone = null;
        if (description.TryGetValue("带号", out var zoneText) && zoneText.Length > 0)
        {
            if (!int.TryParse(zoneText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                error = BoundaryError.Create(
                    BoundaryErrorCodes.UnsupportedCrs, $"带号“{zoneText}”不是整数", $"zone \"{zoneText}\" is not a whole number");
                return 0;
            }

            // Some producers write the central meridian (e.g. 114) instead of the zone number.
            headerZone = value is >= 75 and <= 135 && value % 3 == 0 ? value / 3 : value;
            if (headerZone is < Cgcs2000Crs.FirstZone or > Cgcs2000Crs.LastZone)
            {
                error = BoundaryError.Create(
                    BoundaryErrorCodes.UnsupportedCrs,
                    $"带号 {value} 不是中国范围内的 3 度带（25–45）",
                    $"zone {value} is not a 3-degree zone of China (25–45)");
                return 0;
            }
        }

        int? prefixZone = null;
        (ParcelDraft Draft, PointLine Point)? firstPrefixed = null;
        bool anyUnprefixed = false;
        foreach (var (draft, point) in points)
        {
            double easting = point.Easting;
            int? prefix = easting >= 10_000_000 && easting < 100_000_000 ? (int)Math.Floor(easting / 1_000_000)
                : easting is >= 0 and < 1_000_000 ? null
                : -1;
            if (prefix == -1)
            {
                error = PointError(
                    BoundaryErrorCodes.CoordinateOutOfRange, draft, point,
                    $"横坐标 Y={easting.ToString(CultureInfo.InvariantCulture)} 既不是带号前缀的 8 位整数，也不是不带前缀的 6 位整数",
                    $"easting Y={easting.ToString(CultureInfo.InvariantCulture)} has neither an 8-digit zone-prefixed nor a 6-digit integer part");
                return 0;
            }

            if (prefix is null)
            {
                anyUnprefixed = true;
            }
            else if (prefixZone is null)
            {
                prefixZone = prefix;
                firstPrefixed = (draft, point);
            }
            else if (prefix != prefixZone)
            {
                error = PointError(
                    BoundaryErrorCodes.ZoneMismatch, draft, point,
                    $"坐标带号前缀 {prefix} 与前面坐标的带号 {prefixZone} 不一致",
                    $"zone prefix {prefix} differs from zone {prefixZone} of the earlier points");
                return 0;
            }

            if (prefixZone is not null && anyUnprefixed)
            {
                error = PointError(
                    BoundaryErrorCodes.ZoneMismatch, draft, point,
                    "部分横坐标带有带号前缀、部分没有", "some eastings carry a zone prefix and others do not");
                return 0;
            }
        }

        if (prefixZone is { } zone)
        {
            if (zone is < Cgcs2000Crs.FirstZone or > Cgcs2000Crs.LastZone)
            {
                error = PointError(
                    BoundaryErrorCodes.UnsupportedCrs, firstPrefixed!.Value.Draft, firstPrefixed.Value.Point,
                    $"坐标带号前缀 {zone} 不是中国范围内的 3 度带（25–45）",
                    $"zone prefix {zone} is not a 3-degree zone of China (25–45)");
                return 0;
            }

            if (headerZone is { } declared && declared != zone)
            {
                error = PointError(
                    BoundaryErrorCodes.ZoneMismatch, firstPrefixed!.Value.Draft, firstPrefixed.Value.Point,
                    $"属性描述中的带号 {declared} 与坐标的带号前缀 {zone} 不一致",
                    $"the header's zone {declared} does not match the coordinates' zone prefix {zone}");
                return 0;
            }

            return Cgcs2000Crs.SridForZone(zone, withZonePrefix: true);
        }

        if (headerZone is { } headerOnly)
        {
            return Cgcs2000Crs.SridForZone(headerOnly, withZonePrefix: false);
        }

        if (sourceSrid is { } given && Cgcs2000Crs.TryFromSrid(given, out var crs)
            && crs.Kind == Cgcs2000CrsKind.GaussKruger3Degree && !crs.HasZonePrefix)
        {
            return given;
        }

        error = BoundaryError.Create(
            BoundaryErrorCodes.ZoneMissing,
            "坐标不带带号前缀，且属性描述中没有带号，无法确定坐标系",
            "eastings carry no zone prefix and the header gives no zone (带号), so the CRS is unknown");
        return 0;
    }

    static BoundaryError PointError(string code, ParcelDraft draft, PointLine point, string zh, string en) =>
        BoundaryError.Create(code, zh, en, draft.Number, draft.Name, point.Ring, point.Name, line: point.Line);

    /// <summary>Consecutive points with the same ring number form one ring; nothing is closed implicitly.</summary>
    static void GroupRings(ParcelDraft draft, List<PointLine> points)
    {
        int start = 0;
        for (int i = 1; i <= points.Count; i++)
        {
            if (i == points.Count || points[i].Ring != points[start].Ring)
            {
                var run = points.GetRange(start, i - start);
                draft.Rings.Add(new RingDraft(
                    run[0].Ring,
                    run.Select(p => new Coordinate(p.Easting, p.Northing)).ToArray(),
                    run.Select(p => p.Name).ToArray(),
                    run.Select(p => p.Line).ToArray()));
                start = i;
            }
        }
    }

    static string KindInEnglish(string kind) => kind switch
    {
        "线" => "line",
        "点" => "point",
        _ => "unknown",
    };

    static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";
}
