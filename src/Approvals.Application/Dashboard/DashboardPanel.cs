using Approvals.Application.Localization;

namespace Approvals.Application.Dashboard;

/// <summary>How the page draws a panel beside its table.</summary>
public enum DashboardChart
{
    Bar,
    Line,
    /// <summary>A table only (e.g. a list of tasks).</summary>
    None,
}

/// <summary>
/// One panel of the supervisor dashboard: a table (and the chart drawn from it) for the caller's jurisdiction and
/// filters. A panel is one file under <c>Dashboard/Panels</c> deriving from <see cref="DashboardPanel{TRow}"/>; the
/// <see cref="DashboardPanels"/> registry finds it, and the page, the CSV export, the JSON API and
/// <c>approvals bench dashboard</c> follow from it.
/// </summary>
public abstract class DashboardPanel
{
    /// <summary>The name in URLs (<c>/api/dashboard/{Name}</c>, <c>/dashboard/{Name}.csv</c>) and in the table's <c>panel</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the page shows it (ascending).</summary>
    public abstract int Order { get; }

    /// <summary>The heading, in the reader's language.</summary>
    public abstract string Title { get; }

    /// <summary>What the figures count, in a sentence under the heading (or null).</summary>
    public virtual string? Note => null;

    public virtual DashboardChart Chart => DashboardChart.Bar;

    /// <summary>The keys of the columns the chart draws (the table shows them all).</summary>
    public virtual IReadOnlyList<string> Charted => [];

    /// <summary>True when the reader may sort the table by any column.</summary>
    public virtual bool Sortable => false;

    /// <summary>The panel's figures for the scope and filters of <paramref name="context"/>.</summary>
    public abstract Task<DashboardTable> ReadAsync(DashboardContext context, CancellationToken ct);

    private protected static string Text(string chinese, string english) => Bilingual.Text(chinese, english);
}

/// <summary>A column of a panel whose rows are <typeparamref name="TRow"/>: key, label, whether numeric, and its value in a row.</summary>
public sealed record PanelColumn<TRow>(string Key, string Label, Func<TRow, object?> Value, bool Numeric = false);

/// <summary>A panel whose rows are typed records: it reads them and says which columns show what of a row.</summary>
public abstract class DashboardPanel<TRow> : DashboardPanel
{
    /// <summary>The columns, labels in the reader's language.</summary>
    public abstract IReadOnlyList<PanelColumn<TRow>> Columns { get; }

    /// <summary>The rows, in the order shown.</summary>
    protected abstract Task<IReadOnlyList<TRow>> RowsAsync(DashboardContext context, CancellationToken ct);

    /// <summary>Where a row leads (a case page), or null; panels whose rows lead nowhere leave it.</summary>
    protected virtual string? LinkOf(TRow row) => null;

    /// <summary>True when some rows lead somewhere (the table then carries <see cref="DashboardTable.Links"/>).</summary>
    protected virtual bool LinksRows => false;

    public sealed override async Task<DashboardTable> ReadAsync(DashboardContext context, CancellationToken ct)
    {
        var rows = await RowsAsync(context, ct);
        var columns = Columns;
        return new DashboardTable(Name, Title, Chart.ToString().ToLowerInvariant(),
            columns.Select(c => new DashboardColumn(c.Key, c.Label, c.Numeric)).ToList(),
            rows.Select(r => (IReadOnlyList<object?>)columns.Select(c => c.Value(r)).ToList()).ToList(),
            LinksRows ? rows.Select(LinkOf).ToList() : null,
            Note);
    }

    /// <summary>A text column.</summary>
    protected static PanelColumn<TRow> Column(string key, string chinese, string english, Func<TRow, object?> value) =>
        new(key, Bilingual.Text(chinese, english), value);

    /// <summary>The median and 90th percentile of working days (keys <c>median</c>, <c>p90</c>), as every duration panel shows them.</summary>
    protected static IEnumerable<PanelColumn<TRow>> MedianAndP90(Func<TRow, double?> median, Func<TRow, double?> p90) =>
    [
        Number("median", "中位数（工作日）", "Median (working days)", r => median(r)),
        Number("p90", "90% 分位（工作日）", "90th percentile (working days)", r => p90(r)),
    ];

    /// <summary>A column of numbers (right-aligned, chartable).</summary>
    protected static PanelColumn<TRow> Number(string key, string chinese, string english, Func<TRow, object?> value) =>
        new(key, Bilingual.Text(chinese, english), value, Numeric: true);
}
