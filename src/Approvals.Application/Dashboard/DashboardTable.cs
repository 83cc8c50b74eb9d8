namespace Approvals.Application.Dashboard;

/// <summary>A column: its key (CSV header in English tools, JSON), its label in the reader's language, and whether it holds numbers.</summary>
public sealed record DashboardColumn(string Key, string Label, bool Numeric = false);

/// <summary>
/// One panel's numbers as a table, as the page, the CSV export and <c>GET /api/dashboard/{panel}</c> give them.
/// <see cref="Links"/> holds, per row, where the row leads (a case), or null. <see cref="Chart"/> says how the page
/// draws it (bar, line, none).
/// </summary>
public sealed record DashboardTable(
    string Panel,
    string Title,
    string Chart,
    IReadOnlyList<DashboardColumn> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyList<string?>? Links = null,
    string? Note = null);
