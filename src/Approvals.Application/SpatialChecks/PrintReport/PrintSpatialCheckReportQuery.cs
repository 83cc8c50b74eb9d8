using System.Globalization;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Application.Printing;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Mediator;
using NetTopologySuite.Geometries;
using PdfSharp.Drawing;

namespace Approvals.Application.SpatialChecks.PrintReport;

/// <summary>
/// A stored comparison report as a PDF for a written review (A4, Chinese): the figures, a map of the boundary over the
/// features it hit (vector, drawn from the stored geometries), the 15-row table, the features hit, the findings and the
/// base-map versions the report was computed on. Read by whoever may read the report (<see cref="SpatialCheckAccess"/>).
/// </summary>
public sealed record PrintSpatialCheckReportQuery(Guid Id) : IQuery<PrintedReport>;

public sealed record PrintedReport(string FileName, byte[] Pdf);

public sealed class PrintSpatialCheckReportHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<PrintSpatialCheckReportQuery, PrintedReport>
{
    private static readonly string[] Palette =
    [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0", "#f032e6", "#9a9a00",
        "#008080", "#9a6324", "#800000", "#6b8e23", "#000075", "#808080", "#c71585",
    ];

    public async ValueTask<PrintedReport> Handle(PrintSpatialCheckReportQuery query, CancellationToken ct)
    {
        var check = await SpatialCheckAccess.FindAsync(db, actor.Current, query.Id, ct);
        var map = await SpatialCheckMaps.LoadAsync(db, check, ct);
        var report = ComparisonReport.FromJson(check.Report);
        var pdf = Render(report, map, check.CreatedAt, check.CreatedByName);
        return new PrintedReport($"落图分析报告-{check.CreatedAt.ToOffset(LocalDate.Offset):yyyyMMdd-HHmm}.pdf", pdf);
    }

    private static string N(decimal v) => v.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Level(string level) => level switch
    {
        "county" => "县级", "city" => "市级", "province" => "省级", "national" => "国家级", _ => level,
    };

    private static string Department(string d) => d switch
    {
        "land" => "用地", "mineral" => "矿产", "forest" => "林业", "grassland" => "草原", _ => d,
    };

    private static string Status(string s) => s switch
    {
        CategoryStatus.Intersects => "压占", CategoryStatus.Clear => "未压占", CategoryStatus.NoCoverage => "无底图数据", _ => "分析失败",
    };

    public static byte[] Render(ComparisonReport r, SpatialCheckMap map, DateTimeOffset createdAt, string createdBy)
    {
        var at = createdAt.ToOffset(LocalDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        using var flow = new PdfFlow("落图分析报告", footer: $"落图分析报告　{at}");
        flow.Paragraph("建设项目落图分析（底图比对）报告", size: 16, align: XStringAlignment.Center, bold: true, after: 8);
        flow.Paragraph($"项目面积 {N(r.Boundary.AreaM2)} m²（{N(r.Boundary.AreaHa)} 公顷，{N(r.Boundary.AreaMu)} 亩），{r.Boundary.Parcels.Count} 个地块 · EPSG:{r.Boundary.Srid} · "
            + $"分析时间 {at} · 分析人 {createdBy}" + (r.SourceFileName is { } file ? $" · 红线文件 {file}" : ""), size: 10);
        flow.Paragraph($"需参与审查的部门：{string.Join("、", r.RequiredDepartments.Select(Department))}；审查层级：{Level(r.RequiredLevel)}"
            + (r.ForwardToNational ? "（由省级转报）" : "") + (r.Prohibited ? "；存在禁止情形" : ""), size: 10, after: 8);

        var codes = map.Hits.Select(h => h.CategoryCode).Distinct().ToList();
        var colours = codes.Select((c, i) => (Code: c, Colour: XColor.FromArgb(int.Parse(Palette[i % Palette.Length][1..], NumberStyles.HexNumber) | unchecked((int)0xFF000000)))).ToList();
        DrawMap(flow, map, colours.Select(c => (c.Code, r.Categories.FirstOrDefault(x => x.Code == c.Code)?.Name ?? "", c.Colour)).ToList());

        flow.Paragraph("比对结果", size: 13, bold: true, after: 4);
        flow.Table(
        [
            new("#", 3, XStringAlignment.Far), new("底图类别", 16), new("结果", 8), new("压占面积（m²）", 12, XStringAlignment.Far),
            new("公顷", 8, XStringAlignment.Far), new("亩", 8, XStringAlignment.Far), new("占项目 %", 8, XStringAlignment.Far),
            new("审查部门", 7), new("层级", 6), new("影响", 22),
        ], r.Categories.Select((c, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture), $"{c.Code} {c.Name}", Status(c.Status), N(c.OverlapM2), N(c.OverlapHa), N(c.OverlapMu),
            N(c.PercentOfProject), Department(c.Department), Level(c.RequiredLevel), c.Status == CategoryStatus.Intersects ? c.Effect : "",
        ]), size: 8);

        var hit = r.Categories.Where(c => c.Features.Count > 0).ToList();
        if (hit.Count > 0)
        {
            flow.Paragraph("压占要素", size: 13, bold: true, after: 4);
            flow.Table([new("底图类别", 18), new("要素", 40), new("压占面积（m²）", 14, XStringAlignment.Far)],
                hit.SelectMany(c => c.Features.Take(50).Select(f => (IReadOnlyList<string>)[$"{c.Code} {c.Name}", f.Name ?? f.Id, N(f.OverlapM2)])
                    .Concat(c.Features.Count > 50 ? [[$"{c.Code} {c.Name}", $"另有 {c.Features.Count - 50} 个要素", ""]] : [])), size: 8);
        }

        flow.Paragraph("审查意见提示", size: 13, bold: true, after: 4);
        if (r.Findings.Count == 0) flow.Paragraph("未压占任何底图要素。", size: 10);
        foreach (var finding in r.Findings) flow.Paragraph(finding, size: 10, indent: 12, hanging: "·", after: 2);
        if (r.LevelReasons.Count > 0)
        {
            flow.Paragraph("审查层级的依据", size: 11, bold: true, after: 2);
            foreach (var reason in r.LevelReasons) flow.Paragraph(reason, size: 10, indent: 12, hanging: "·", after: 2);
        }
        if (r.Warnings.Count > 0)
        {
            flow.Paragraph("提醒", size: 11, bold: true, after: 2);
            foreach (var warning in r.Warnings) flow.Paragraph(warning, size: 10, indent: 12, hanging: "·", after: 2);
        }

        flow.Gap(6);
        flow.Paragraph("底图版本", size: 13, bold: true, after: 4);
        if (r.Layers.Count > 0)
            flow.Table([new("类别", 10), new("版本", 8, XStringAlignment.Far), new("导入时间", 20), new("来源文件", 30)],
                r.Layers.Select(l => (IReadOnlyList<string>)
                [
                    l.Code, l.Version.ToString(CultureInfo.InvariantCulture), l.ImportedAt.ToOffset(LocalDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), l.SourceFile,
                ]), size: 8);
        else
            // Reports made before the layer versions were recorded in them do not say which versions they were computed on.
            flow.Paragraph("本报告未记录计算所用的底图图层版本（该信息自底图版本记录功能启用后的报告起提供）。", size: 10);
        return PdfFlow.Bytes(flow.Finish());
    }

    /// <summary>The boundary (red) over the features it hit (their category's colour, translucent), north up, with a scale bar and legend.</summary>
    private static void DrawMap(PdfFlow flow, SpatialCheckMap map, IReadOnlyList<(string Code, string Name, XColor Colour)> colours)
    {
        var w = map.Window;
        var width = flow.Width;
        var height = Math.Clamp(w.Height / Math.Max(w.Width, 1e-9) * width, 120, 360);
        var scale = Math.Min(width / Math.Max(w.Width, 1e-9), height / Math.Max(w.Height, 1e-9));
        var legendHeight = 14 * (colours.Count / 3 + 1) + 6;
        flow.Need(height + legendHeight + 10);
        var left = flow.Left;
        var top = flow.Y;
        var g = flow.Graphics;
        var ox = left + (width - w.Width * scale) / 2;
        var oy = top + (height - w.Height * scale) / 2;
        XPoint P(Coordinate c) => new(ox + (c.X - w.MinX) * scale, oy + (w.MaxY - c.Y) * scale);

        g.DrawRectangle(new XPen(XColors.Gray, 0.5), new XSolidBrush(XColor.FromArgb(251, 252, 253)), left, top, width, height);
        var state = g.Save();
        g.IntersectClip(new XRect(left, top, width, height));
        foreach (var hit in map.Hits)
        {
            var colour = colours.First(c => c.Code == hit.CategoryCode).Colour;
            var path = Path(hit.Geometry, P);
            g.DrawPath(new XPen(colour, 0.6), new XSolidBrush(XColor.FromArgb(72, colour)), path);
        }
        g.DrawPath(new XPen(XColor.FromArgb(208, 0, 0), 1.8), Path(map.Boundary, P));
        g.Restore(state);

        // Scale bar of a round length about a fifth of the window's width, and north.
        var metres = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(w.Width, 1) / 5)));
        var small = PdfFlow.Font(8);
        g.DrawLine(new XPen(XColors.Black, 2), left + 10, top + height - 10, left + 10 + metres * scale, top + height - 10);
        PdfFlow.DrawText(g, metres >= 1000 ? $"{metres / 1000:0.#} km" : $"{metres:0} m", small, XBrushes.Black, new XRect(left + 10, top + height - 22, 80, 10));
        PdfFlow.DrawText(g, "N", PdfFlow.Font(11), XBrushes.Black, new XRect(left + width - 24, top + 4, 16, 12), XStringAlignment.Center);
        g.DrawPolygon(XBrushes.Black, [new XPoint(left + width - 16, top + 18), new XPoint(left + width - 21, top + 30), new XPoint(left + width - 11, top + 30)], XFillMode.Winding);
        flow.Y = top + height + 6;

        // Legend: the boundary, then each category drawn.
        var x = left;
        var entries = new List<(string Label, XColor Colour, bool Outline)> { ("项目红线", XColor.FromArgb(208, 0, 0), true) };
        entries.AddRange(colours.Select(c => ($"{c.Code} {c.Name}", c.Colour, false)));
        foreach (var (label, colour, outline) in entries)
        {
            if (x + width / 3 > left + width + 1) { x = left; flow.Y += 14; }
            if (outline) g.DrawRectangle(new XPen(colour, 1.5), x, flow.Y + 2, 14, 8);
            else g.DrawRectangle(new XPen(colour, 0.6), new XSolidBrush(XColor.FromArgb(72, colour)), x, flow.Y + 2, 14, 8);
            PdfFlow.DrawText(g, label, small, XBrushes.Black, new XRect(x + 18, flow.Y, width / 3 - 20, 12));
            x += width / 3;
        }
        flow.Y += 20;
    }

    private static XGraphicsPath Path(Geometry geometry, Func<Coordinate, XPoint> project)
    {
        var path = new XGraphicsPath { FillMode = XFillMode.Alternate };
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is not Polygon polygon) continue;
            foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            {
                path.StartFigure();
                path.AddPolygon(ring.Coordinates.Select(project).ToArray());
                path.CloseFigure();
            }
        }
        return path;
    }
}
