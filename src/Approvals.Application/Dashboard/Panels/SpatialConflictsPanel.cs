using Approvals.Application.Localization;
using Approvals.Application.Rules;

namespace Approvals.Application.Dashboard.Panels;

/// <summary>Cases submitted in the period hitting each base-map category of the catalogue, and the area involved.</summary>
public sealed class SpatialConflictsPanel(RulesBook book) : DashboardPanel<SpatialConflictsPanel.Category>
{
    public sealed record Category(string Name, int Cases, double AreaHa);

    public override string Name => "SpatialConflicts";
    public override int Order => 140;
    public override string Title => Text("压占管控底图情况", "Spatial conflicts by base-map category");
    public override string? Note => Text("期间内提交并完成落图分析的案件", "Cases submitted in the period whose boundary was checked");
    public override IReadOnlyList<string> Charted => ["cases"];

    public override IReadOnlyList<PanelColumn<Category>> Columns =>
    [
        Column("category", "底图类别", "Category", c => c.Name),
        Number("cases", "压占案件数", "Cases hitting it", c => c.Cases),
        Number("areaHa", "压占面积（公顷）", "Area involved (ha)", c => c.AreaHa),
    ];

    protected override async Task<IReadOnlyList<Category>> RowsAsync(DashboardContext context, CancellationToken ct)
    {
        // One row per category hit (its place in the catalogue, from 1); categories nobody hit count 0.
        var hits = (await context.ReadAsync<CategoryHits>($"""
            SELECT f.category, sum(f.cases)::int AS cases, sum(f.area)::float8 AS area FROM dashboard_daily_hits f
            WHERE {context.Scope.Where} AND f.day BETWEEN @from AND @to GROUP BY f.category
            """, ct)).ToDictionary(h => h.Category);
        return book.Current.Catalogue.Categories.Select((c, i) => hits.GetValueOrDefault(i + 1) is { } h
                ? new Category($"{c.Code} {Bilingual.Text(c.Name, c.NameEn)}", h.Cases, Math.Round(h.Area / 10_000, 2))
                : new Category($"{c.Code} {Bilingual.Text(c.Name, c.NameEn)}", 0, 0))
            .ToList();
    }

    private sealed record CategoryHits(int Category, int Cases, double Area);
}
