using System.Globalization;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Mediator;
using MiniExcel = MiniExcelLibs.MiniExcel;
using MiniExcelLibs.OpenXml;

namespace Approvals.Application.SpatialChecks.ExportReportWorkbook;

/// <summary>
/// The comparison report as an Excel workbook (xlsx) in the reader's language: a summary sheet (the project or
/// case, the boundary's area, the required departments and levels, the 15 categories with hit or not, area in m²,
/// ha and 亩, share of the project, department and level, then the findings) and a sheet of the hit features with
/// their key attributes and overlap areas. Numbers are numbers, so a reviewer can sum and sort them.
/// </summary>
public sealed record ExportReportWorkbookQuery(ExportSubject Subject) : IQuery<ExportFile>;

public sealed class ExportReportWorkbookHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<ExportReportWorkbookQuery, ExportFile>
{
    public async ValueTask<ExportFile> Handle(ExportReportWorkbookQuery query, CancellationToken ct)
    {
        var export = await SpatialExports.LoadAsync(db, actor.Current, query.Subject, withPieces: false, ct);
        var sheets = new Dictionary<string, object>
        {
            [Bilingual.Text("概要", "Summary")] = Rows(Summary(export)),
            [Bilingual.Text("压占要素", "Hit features")] = Rows(HitFeatures(export.Report)),
        };
        using var stream = new MemoryStream();
        // Each sheet writes its own heading rows: the summary is not one table, so MiniExcel's header row is off.
        await MiniExcel.SaveAsAsync(stream, sheets, printHeader: false,
            configuration: new OpenXmlConfiguration { EnableAutoWidth = true, FastMode = true, AutoFilter = false, TableStyles = TableStyles.None }, cancellationToken: ct);
        return new ExportFile(stream.ToArray(), $"{export.FileStem}-spatial-report.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    private static IEnumerable<object?[]> Summary(SpatialExport export)
    {
        var r = export.Report;
        yield return [Bilingual.Text("落图分析报告（比对结果）", "Spatial check report (comparison result)")];
        if (export.CaseNumber is not null) yield return [Bilingual.Text("案件编号", "Case number"), export.CaseNumber];
        if (export.ProjectName is not null) yield return [Bilingual.Text("项目名称", "Project"), export.ProjectName];
        if (export.ProjectOwner is not null) yield return [Bilingual.Text("建设单位", "Project owner"), export.ProjectOwner];
        if (r.County is { } county) yield return [Bilingual.Text("所在县", "County"), Bilingual.Text(county.Name, county.NameEn)];
        yield return [Bilingual.Text("分析时间", "Checked at"), export.CheckedAt.ToOffset(LocalDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)];
        if (r.SourceFileName is not null) yield return [Bilingual.Text("红线文件", "Boundary file"), r.SourceFileName];
        yield return [Bilingual.Text("坐标系", "Coordinate system"), $"EPSG:{r.Boundary.Srid}"];
        yield return [Bilingual.Text("红线面积（m²）", "Boundary area (m²)"), r.Boundary.AreaM2];
        yield return [Bilingual.Text("红线面积（公顷）", "Boundary area (ha)"), r.Boundary.AreaHa];
        yield return [Bilingual.Text("红线面积（亩）", "Boundary area (mu)"), r.Boundary.AreaMu];
        yield return [Bilingual.Text("地块数", "Parcels"), r.Boundary.Parcels.Count];
        yield return [Bilingual.Text("需参与审查的部门", "Departments to review"), string.Join(Bilingual.Text("、", ", "), r.RequiredDepartments.Select(DepartmentName))];
        yield return [Bilingual.Text("压占要求的审查层级", "Level the hits require"), LevelName(r.RequiredLevel)];
        yield return [Bilingual.Text("决定层级", "Deciding level"), LevelName(r.DecidingLevel) + (r.ForwardToNational ? Bilingual.Text("（由省级转报国家）", " (the province forwards it)") : "")];
        yield return [Bilingual.Text("存在禁止情形", "Prohibited"), r.Prohibited ? Bilingual.Text("是", "Yes") : Bilingual.Text("否", "No")];
        // Which layer versions the figures come from: a base map may have changed since (reports before provenance have none).
        if (r.Layers.Count > 0)
        {
            yield return [];
            yield return [Bilingual.Text("底图版本", "Base-map layer versions"), Bilingual.Text("版本", "Version"), Bilingual.Text("导入时间", "Imported at"), Bilingual.Text("来源文件", "Source file")];
            foreach (var layer in r.Layers)
                yield return [layer.Code, layer.Version, layer.ImportedAt.ToOffset(LocalDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), layer.SourceFile];
        }
        yield return [];
        yield return
        [
            "#", Bilingual.Text("代码", "Code"), Bilingual.Text("底图类别", "Base-map category"), Bilingual.Text("结果", "Result"),
            Bilingual.Text("是否压占", "Hit"), Bilingual.Text("压占面积（m²）", "Overlap (m²)"), Bilingual.Text("公顷", "ha"),
            Bilingual.Text("亩", "mu"), Bilingual.Text("占项目 %", "% of project"), Bilingual.Text("审查部门", "Department"),
            Bilingual.Text("层级", "Level"), Bilingual.Text("压占要素数", "Features hit"), Bilingual.Text("影响", "Effect"),
        ];
        for (var i = 0; i < r.Categories.Count; i++)
        {
            var c = r.Categories[i];
            var hit = c.Status == CategoryStatus.Intersects;
            yield return
            [
                i + 1, c.Code, Bilingual.Text(c.Name, c.NameEn), StatusName(c.Status), hit ? Bilingual.Text("是", "Yes") : Bilingual.Text("否", "No"),
                c.OverlapM2, c.OverlapHa, c.OverlapMu, c.PercentOfProject, DepartmentName(c.Department), LevelName(c.RequiredLevel),
                c.Features.Count, hit ? Bilingual.Text(c.Effect, c.EffectEn) : "",
            ];
        }
        yield return [];
        yield return [Bilingual.Text("审查意见提示", "Findings")];
        var findings = InLanguage(r.Findings, r.FindingsEn);
        if (findings.Count == 0) yield return [Bilingual.Text("未压占任何底图要素。", "No base-map feature is hit.")];
        for (var i = 0; i < findings.Count; i++) yield return [i + 1, findings[i]];
        var warnings = InLanguage(r.Warnings, r.WarningsEn);
        if (warnings.Count > 0)
        {
            yield return [];
            yield return [Bilingual.Text("提示", "Warnings")];
            for (var i = 0; i < warnings.Count; i++) yield return [i + 1, warnings[i]];
        }
    }

    private static IEnumerable<object?[]> HitFeatures(ComparisonReport r)
    {
        var hits = r.Categories.Where(c => c.Status == CategoryStatus.Intersects).SelectMany(c => c.Features.Select(f => (Category: c, Feature: f))).ToList();
        // The categories' key attributes differ (编号, 保护等级, 林种…): one column each, in the order they first appear.
        var keys = hits.SelectMany(h => h.Feature.Attributes.Select(a => a.Key)).Distinct().ToList();
        yield return
        [
            Bilingual.Text("代码", "Code"), Bilingual.Text("底图类别", "Base-map category"), Bilingual.Text("要素编号", "Feature id"),
            Bilingual.Text("要素名称", "Feature name"), Bilingual.Text("压占面积（m²）", "Overlap (m²)"), Bilingual.Text("公顷", "ha"),
            Bilingual.Text("亩", "mu"), Bilingual.Text("占项目 %", "% of project"), .. keys,
        ];
        foreach (var (c, f) in hits)
        {
            var m2 = f.OverlapM2;
            yield return
            [
                c.Code, Bilingual.Text(c.Name, c.NameEn), f.Id, f.Name, m2, Math.Round(m2 / 10_000m, 4), Math.Round(m2 * 15m / 10_000m, 2),
                r.Boundary.AreaM2 > 0 ? Math.Round(m2 * 100m / r.Boundary.AreaM2, 2) : 0m,
                .. keys.Select(k => SpatialExports.Value(f.Attributes[k])),
            ];
        }
    }

    /// <summary>MiniExcel takes a sheet's columns from its first row's keys: every row gets the same keys, cells beyond a row's end left empty.</summary>
    private static List<Dictionary<string, object?>> Rows(IEnumerable<object?[]> rows)
    {
        var list = rows.ToList();
        var width = Math.Max(1, list.Max(r => r.Length));
        return list.Select(r => Enumerable.Range(0, width).ToDictionary(i => Column(i), i => i < r.Length ? r[i] : null)).ToList();
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);

    private static IReadOnlyList<string> InLanguage(IReadOnlyList<string> chinese, IReadOnlyList<string> english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : chinese;

    private static string StatusName(string status) => status switch
    {
        CategoryStatus.Intersects => Bilingual.Text("压占", "Hit"),
        CategoryStatus.Clear => Bilingual.Text("未压占", "Clear"),
        CategoryStatus.NoCoverage => Bilingual.Text("无底图数据", "No data"),
        _ => Bilingual.Text("分析失败", "Failed"),
    };

    private static string LevelName(string level) =>
        Enum.TryParse<JurisdictionLevel>(level, ignoreCase: true, out var l) ? Names.Of(l).Text() : level;

    private static string DepartmentName(string department) =>
        Enum.TryParse<Department>(department, ignoreCase: true, out var d) ? Names.Of(d).Text() : department;
}
