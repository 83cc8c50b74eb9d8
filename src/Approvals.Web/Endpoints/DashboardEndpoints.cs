using System.Globalization;
using System.Text;
using Approvals.Application.Dashboard;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.Dashboard.ListDashboardPanels;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Domain.Naming;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace Approvals.Web.Endpoints;

/// <summary>The dashboard's tables as JSON and as CSV files (UTF-8 with a byte-order mark, so Excel shows Chinese correctly).</summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", (IMediator m, CancellationToken ct) => m.Send(new ListDashboardPanelsQuery(), ct))
            .RequireAuthorization().WithTags("Dashboard")
            .WithSummary("The dashboard's panels in page order: name, title, note, chart (supervisors, administrators).");
        app.MapGet("/api/dashboard/{panel}", async (string panel, string? from, string? to, string? county, string? use, string? level, IMediator m, DashboardPanels panels, CancellationToken ct) =>
                await m.Send(new GetDashboardPanelQuery(ParsePanel(panels, panel), DashboardQueryString.Parse(from, to, county, use, level)), ct))
            .RequireAuthorization().WithTags("Dashboard")
            .WithSummary("One dashboard panel as a table, for the caller's jurisdiction (supervisors, administrators).");
        app.MapGet("/dashboard/{panel}.csv", async (string panel, string? from, string? to, string? county, string? use, string? level,
                IMediator m, DashboardPanels panels, ActorAccessor actor, TimeProvider clock, CancellationToken ct) =>
            {
                var filter = DashboardQueryString.Parse(from, to, county, use, level);
                var table = await m.Send(new GetDashboardPanelQuery(ParsePanel(panels, panel), filter), ct);
                var jurisdictions = await m.Send(new ListJurisdictionsQuery(), ct);
                var now = clock.GetUtcNow().ToOffset(LocalDate.Offset);
                var name = $"dashboard-{table.Panel.ToLowerInvariant()}-{now:yyyy-MM-dd}.csv";
                return Results.File(Csv(table, Filters(filter, actor.Current, jurisdictions, now)), "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization().WithTags("Dashboard").ExcludeFromDescription();
        return app;
    }

    /// <summary>The registry's name of the panel (any case), or a 400 naming the field.</summary>
    private static string ParsePanel(DashboardPanels panels, string panel) =>
        panels.Find(panel)?.Name ?? throw new ValidationException([new ValidationFailure("panel", Bilingual.Text("没有这个统计项", "No such panel"))]);

    /// <summary>
    /// What produced the figures, for the head of the CSV: the period actually counted, the caller's jurisdiction, the
    /// county, use and level filters ("all" when not set) and when it was exported (Beijing time).
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Filters(DashboardFilter filter, Actor actor, IReadOnlyList<JurisdictionView> jurisdictions, DateTimeOffset now)
    {
        var all = Bilingual.Text("全部", "All");
        string NameOf(string code) => jurisdictions.FirstOrDefault(j => j.Code == code) is { } j ? Bilingual.Text(j.Name, j.NameEn) : code;
        var (from, to) = DashboardWeeks.Period(filter, DateOnly.FromDateTime(now.DateTime));
        return
        [
            (Bilingual.Text("统计期间", "Period"), $"{DashboardFormat.Date(from)} {Bilingual.Text("至", "to")} {DashboardFormat.Date(to)}"),
            (Bilingual.Text("统计范围", "Jurisdiction"), actor.JurisdictionCode is { } own && !actor.IsInRole(Roles.Administrator) ? NameOf(own) : all),
            (Bilingual.Text("县", "County"), filter.County is { } county ? $"{NameOf(county)} ({county})" : all),
            (Bilingual.Text("用途", "Use type"), filter.UseType is { } use ? Names.Of(use).Text() : all),
            (Bilingual.Text("决定层级", "Deciding level"), filter.Level is { } level ? Names.Of(level).Text() : all),
            (Bilingual.Text("导出时间", "Exported"), now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + Bilingual.Text("（北京时间）", " (Beijing time)")),
        ];
    }

    /// <summary>
    /// The table as CSV (a leading BOM, so Excel reads it as UTF-8): first the filters that produced it, one
    /// <c># name,value</c> line each (Excel shows them as two cells above the table; tools skip them as comments, e.g.
    /// pandas <c>comment="#"</c>), an empty line, then a header of the column labels and the rows.
    /// </summary>
    public static byte[] Csv(DashboardTable table, IReadOnlyList<(string Name, string Value)> filters)
    {
        var csv = new StringBuilder();
        foreach (var (name, value) in filters) csv.Append(Field("# " + name)).Append(',').Append(Field(value)).Append("\r\n");
        csv.Append("\r\n");
        csv.AppendJoin(',', table.Columns.Select(c => Field(c.Label))).Append("\r\n");
        foreach (var row in table.Rows)
            csv.AppendJoin(',', row.Select(v => Field(v switch
            {
                null => "",
                double d => d.ToString("0.##", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            }))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Field(string value)
    {
        // A cell starting like a formula would be run by a spreadsheet: keep it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}

/// <summary>Reads the dashboard filters from the query string (dates yyyy-MM-dd, county code, use type, level); bad values are a 400 naming the field.</summary>
public static class DashboardQueryString
{
    public static DashboardFilter Parse(string? from, string? to, string? county, string? use, string? level)
    {
        var failures = new List<ValidationFailure>();
        var f = Date(from, "from", failures);
        var t = Date(to, "to", failures);
        UseType? useType = null;
        if (!string.IsNullOrWhiteSpace(use))
        {
            if (Enum.TryParse<UseType>(use, true, out var u) && Enum.IsDefined(u) && !int.TryParse(use, out _)) useType = u;
            else failures.Add(new ValidationFailure("use", Bilingual.Text("用途应为用地、用矿、用林或用草", "The use type is Land, Mineral, Forest or Grassland")));
        }
        JurisdictionLevel? jurisdictionLevel = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Enum.TryParse<JurisdictionLevel>(level, true, out var l) && l is JurisdictionLevel.County or JurisdictionLevel.City or JurisdictionLevel.Province && !int.TryParse(level, out _))
                jurisdictionLevel = l;
            else failures.Add(new ValidationFailure("level", Bilingual.Text("审查层级应为县、市或省", "The level is County, City or Province")));
        }
        if (failures.Count > 0) throw new ValidationException(failures);
        return new DashboardFilter(f, t, string.IsNullOrWhiteSpace(county) ? null : county.Trim(), useType, jurisdictionLevel);
    }

    private static DateOnly? Date(string? value, string field, List<ValidationFailure> failures)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        failures.Add(new ValidationFailure(field, Bilingual.Text("日期格式应为 yyyy-MM-dd", "Dates are written yyyy-MM-dd")));
        return null;
    }
}
