using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.Application.Dashboard;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Approvals.IntegrationTests.Dashboard;

/// <summary>
/// What the dashboard shows follows from one list of panels; long tables fold away; an exported table says which
/// filters produced it; a late task is at least one working day late.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DashboardPanelListTests(ApprovalsApp app)
{
    [Fact]
    public async Task The_page_the_JSON_and_the_CSV_offer_exactly_the_panels_of_the_registry_in_its_order()
    {
        var registry = app.Factory.Services.GetRequiredService<DashboardPanels>().Names.ToList();
        Assert.Equal(14, registry.Count);
        var province = await app.SignedInAs("shanxi.supervisor");

        var listed = await province.GetFromJsonAsync<JsonElement>("/api/dashboard");
        Assert.Equal(registry, listed.EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var html = await province.GetStringAsync("/dashboard");
        Assert.Equal(registry.Select(n => n.ToLowerInvariant()),
            Regex.Matches(html, "<section class=\"panel\" id=\"([a-z]+)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(registry, Regex.Matches(html, "href=\"/dashboard/([A-Za-z]+)\\.csv").Select(m => m.Groups[1].Value));

        foreach (var name in registry)
        {
            var table = await province.GetFromJsonAsync<JsonElement>($"/api/dashboard/{name}");
            Assert.Equal(name, table.GetProperty("panel").GetString());
            var csv = await province.GetAsync($"/dashboard/{name}.csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        }
    }

    [Theory]
    [InlineData("/api/dashboard/NoSuchPanel")]
    [InlineData("/dashboard/NoSuchPanel.csv")]
    [InlineData("/api/dashboard/11")]
    public async Task A_panel_the_registry_does_not_know_is_a_400_naming_the_panel(string path)
    {
        var province = await app.SignedInAs("shanxi.supervisor");
        var response = await province.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) return; // a browser's download gets the site's error page
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("panel", problem);
        Assert.Contains("没有这个统计项", problem);
    }

    [Fact]
    public async Task A_CSV_starts_with_the_filters_that_produced_it()
    {
        var city = await app.SignedInAs("jincheng.supervisor");
        var lines = await CsvLinesAsync(city, "/dashboard/Deadlines.csv?from=2026-02-01&to=2026-05-31&county=140525&use=Land&level=County");
        Assert.Equal(
            ["# 统计期间,2026-02-01 至 2026-05-31", "# 统计范围,晋城市", "# 县,泽州县 (140525)", "# 用途,用地", "# 决定层级,县级"],
            lines[..5]);
        Assert.Matches(@"^# 导出时间,\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）$", lines[5]);
        Assert.Equal("", lines[6]);
        Assert.StartsWith("县,已决定案件,", lines[7]);

        // Without filters: the twelve months up to today (Beijing), everything the caller sees.
        var province = await app.SignedInAs("shanxi.supervisor");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var all = await CsvLinesAsync(province, "/dashboard/Backlog.csv?culture=en");
        Assert.Equal(
            [$"# Period,{today.AddMonths(-12).AddDays(1):yyyy-MM-dd} to {today:yyyy-MM-dd}", "# Jurisdiction,Shanxi Province", "# County,All", "# Use type,All", "# Deciding level,All"],
            all[..5]);
        Assert.Equal("Age,Cases", all[7]);
    }

    [Fact]
    public async Task A_task_due_on_the_last_working_day_before_a_weekend_is_one_working_day_late_on_the_weekend()
    {
        // A weekend ahead with a working Friday before it: "today" is that Sunday for a second web node.
        var rules = app.Factory.Services.GetRequiredService<Approvals.Application.Rules.ProvinceRules>();
        var sunday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1);
        while (!(sunday.DayOfWeek == DayOfWeek.Sunday && !rules.Calendar.IsWorkingDay(sunday) && !rules.Calendar.IsWorkingDay(sunday.AddDays(-1))
                 && rules.Calendar.IsWorkingDay(sunday.AddDays(-2))))
            sunday = sunday.AddDays(1);
        var friday = sunday.AddDays(-2);

        var cases = new CaseDriver(app);
        var (id, number) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140581", boundary: CaseDriver.Square(112.93, 35.77));
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("gaoping.clerk"), id, "Acceptance");
        var taskId = task.GetProperty("id").GetGuid();
        await app.Database.ExecuteAsync($"UPDATE review_tasks SET due_on = DATE '{friday:yyyy-MM-dd}' WHERE id = '{taskId}'");

        var clock = new FixedClock(new DateTimeOffset(sunday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));
        await using var host = SecondHost.Start(app, new Dictionary<string, string>(), s => s.AddSingleton<TimeProvider>(clock));

        var supervisor = await host.SignedInAs("gaoping.supervisor");
        var overdue = await DashboardMetricsTests.PanelAsync(supervisor, "OverdueTasks", "county=140581");
        var row = Assert.Single(overdue.Rows, r => r[0].GetString() == number);
        Assert.Equal(friday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row[5].GetString());
        Assert.Equal(1, row[6].GetInt32());

        // The inbox and the review page count the same way.
        var clerk = await host.SignedInAs("gaoping.clerk");
        var inbox = await clerk.GetFromJsonAsync<JsonElement>($"/api/inbox?q={number}");
        var listed = Assert.Single(inbox.GetProperty("rows").EnumerateArray(), r => r.GetProperty("taskId").GetGuid() == taskId);
        Assert.True(listed.GetProperty("overdue").GetBoolean());
        Assert.Equal(-1, listed.GetProperty("workingDaysLeft").GetInt32());
        var review = await clerk.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/review");
        Assert.Equal(-1, review.GetProperty("task").GetProperty("workingDaysLeft").GetInt32());
    }

    [Fact]
    public async Task A_long_table_shows_its_first_ten_rows_and_the_rest_on_request_while_the_chart_draws_them_all()
    {
        await SeedWeeksAsync();
        const string filter = "from=2026-06-01&to=2026-09-30&county=140121";
        var province = await app.SignedInAs("shanxi.supervisor");
        var weeks = (await DashboardMetricsTests.PanelAsync(province, "Weekly", filter)).Rows.Count;
        Assert.True(weeks > 10, $"{weeks} weeks");

        await using var browser = await app.BrowserAs("shanxi.supervisor");
        var page = browser.Page;
        await page.GotoAsync("/dashboard?" + filter);
        var rows = page.Locator("#weekly-table tbody tr");
        await Assertions.Expect(rows.Locator("visible=true")).ToHaveCountAsync(10);
        var more = page.Locator("#weekly details.more-rows summary");
        await Assertions.Expect(more).ToHaveTextAsync($"显示全部 {weeks} 行", new() { UseInnerText = true });
        Assert.Equal(weeks, await page.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#weekly canvas')).data.labels.length"));
        // Short tables have no disclosure.
        Assert.Equal(0, await page.Locator("#backlog details.more-rows").CountAsync());

        await more.ClickAsync();
        await Assertions.Expect(rows.Locator("visible=true")).ToHaveCountAsync(weeks);
        await Assertions.Expect(more).ToHaveTextAsync("只显示前 10 行", new() { UseInnerText = true });
        await more.ClickAsync();
        await Assertions.Expect(rows.Locator("visible=true")).ToHaveCountAsync(10);
        await browser.ScreenshotAsync("dashboard-collapsed-weekly");
        Assert.True(browser.Problems.Count == 0, string.Join(" | ", browser.Problems));
    }

    private static async Task<string[]> CsvLinesAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
    }

    /// <summary>Fifteen Qingxu cases received a week apart from June 2026 (once per database): a weekly table longer than ten rows.</summary>
    private async Task SeedWeeksAsync()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM cases WHERE number LIKE 'DASHWEEK-%'", connection))
            if ((long)(await exists.ExecuteScalarAsync())! > 0) return;
        var organisation = await DashboardMetricsTests.ScalarAsync<Guid>(connection, "SELECT organisation_id FROM users WHERE user_name = 'applicant'");
        var applicant = await DashboardMetricsTests.ScalarAsync<Guid>(connection, "SELECT id FROM users WHERE user_name = 'applicant'");
        var monday = new DateOnly(2026, 6, 1);
        for (var n = 0; n < 15; n++)
        {
            var submitted = monday.AddDays(7 * n + 1);
            await DashboardMetricsTests.InsertCaseAsync(connection, n, applicant, organisation, Iso(submitted), Iso(submitted.AddDays(1)), Iso(submitted.AddDays(2)),
                extended: false, county: "140121", prefix: "DASHWEEK");
        }

        static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
