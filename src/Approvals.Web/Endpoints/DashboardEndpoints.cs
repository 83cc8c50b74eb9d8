using System.Globalization;
using System.Text;
using Approvals.Application.Dashboard;
using Approvals.Application.Dashboard.GetDashboardPanel;
using Approvals.Application.Localization;
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
        app.MapGet("/api/dashboard/{panel}", async (string panel, string? from, string? to, string? county, string? use, string? level, IMediator m, CancellationToken ct) =>
                await m.Send(new GetDashboardPanelQuery(ParsePanel(panel), DashboardQueryString.Parse(from, to, county, use, level)), ct))
            .RequireAuthorization().WithTags("Dashboard")
            .WithSummary("One dashboard panel as a table, for the caller's jurisdiction (supervisors, administrators).");
        app.MapGet("/dashboard/{panel}.csv", async (string panel, string? from, string? to, string? county, string? use, string? level, IMediator m, TimeProvider clock, CancellationToken ct) =>
            {
                var table = await m.Send(new GetDashboardPanelQuery(ParsePanel(panel), DashboardQueryString.Parse(from, to, county, use, level)), ct);
                var name = $"dashboard-{table.Panel.ToString().ToLowerInvariant()}-{clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}.csv";
                return Results.File(Csv(table), "text/csv; charset=utf-8", name);
            })
            .RequireAuthorization().WithTags("Dashboard").ExcludeFromDescription();
        return app;
    }

    private static DashboardPanel ParsePanel(string panel) =>
        Enum.TryParse<DashboardPanel>(panel, ignoreCase: true, out var p) && Enum.IsDefined(p) && !int.TryParse(panel, out _)
            ? p
            : throw new ValidationException([new ValidationFailure("panel", Bilingual.Text("没有这个统计项", "No such panel"))]);

    /// <summary>The table as CSV: a header of the column labels, then the rows; a leading BOM for Excel.</summary>
    public static byte[] Csv(DashboardTable table)
    {
        var csv = new StringBuilder();
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
