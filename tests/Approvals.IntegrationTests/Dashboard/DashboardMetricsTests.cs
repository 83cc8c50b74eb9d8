using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.Application.Dashboard;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Npgsql;

namespace Approvals.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's figures against numbers worked out by hand. Fixture cases are written straight into the
/// case tables (as the workflow would have left them) in early 2026 in Yangqu, a period and county no other
/// test uses; the database's triggers derive the facts the dashboard reads.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DashboardMetricsTests(ApprovalsApp app)
{
    private const string Yangqu = "140122";
    private const string Window = "from=2026-02-01&to=2026-05-31&county=" + Yangqu;

    [Fact]
    public void The_median_and_90th_percentile_interpolate_between_ranks()
    {
        Assert.Equal(2.5, Percentiles.Of([1, 2, 3, 4], 0.5));
        Assert.Equal(3.7, Percentiles.Of([4, 3, 2, 1], 0.9));
        Assert.Equal(30.5, Percentiles.Of([11, 9, 50, 70], 0.5));
        Assert.Equal(64.0, Percentiles.Of([11, 9, 50, 70], 0.9));
        Assert.Equal(7, Percentiles.Of([7], 0.9));
        Assert.Null(Percentiles.Of(Array.Empty<int>(), 0.5));
        // A histogram (value, how many) gives the same as the list it stands for: 5, 5, 5, 10.
        Assert.Equal(5, Percentiles.Of([(10, 1), (5, 3)], 0.5));
        Assert.Equal(8.5, Percentiles.Of([(10, 1), (5, 3)], 0.9));
    }

    [Fact]
    public async Task Working_days_skip_weekends_and_holidays_count_make_up_days_and_leave_out_paused_time()
    {
        await SeedFixtureAsync();
        var province = await app.SignedInAs("shanxi.supervisor");

        // Accepted Tue 10 Feb, decided Tue 3 Mar 2026: 11 working days — 11–13 Feb (3), Sat 14 Feb worked (1),
        // Spring Festival 15–23 Feb off, 24–27 Feb (4), Sat 28 Feb worked (1), 2–3 Mar (2).
        // The same case paused from Wed 25 to Fri 27 Feb (the clock resumes on the 27th): 25 and 26 Feb left out, 9 days.
        // Accepted Mon 2 Feb: decided Mon 20 Apr is 50 working days (Qingming 4–6 Apr off too), Wed 20 May is 70 (Labour Day 1–5 May off, Sat 9 May worked).
        var byCounty = await PanelAsync(province, "TimeByCounty", Window);
        var row = Assert.Single(byCounty.Rows);
        Assert.Equal(4, row[1].GetInt32());
        Assert.Equal(30.5, row[2].GetDouble()); // median of 9, 11, 50, 70
        Assert.Equal(64.0, row[3].GetDouble()); // 90th percentile: 50 + 0.7 × (70 − 50)

        var stages = await PanelAsync(province, "TimeByStage", Window);
        var acceptance = stages.Rows.Single(r => r[0].GetString() == "受理");
        Assert.Equal(4, acceptance[1].GetInt32());
        Assert.Equal(1.0, acceptance[2].GetDouble()); // submitted Mon 9 Feb or Fri 30 Jan, accepted the next working day

        var pauses = await PanelAsync(province, "Pauses", Window);
        var correction = Assert.Single(pauses.Rows);
        Assert.Equal(1, correction[2].GetInt32());
        Assert.Equal(2.0, correction[4].GetDouble());
    }

    [Fact]
    public async Task A_pause_reason_is_named_in_the_readers_language_only()
    {
        await SeedFixtureAsync();
        var province = await app.SignedInAs("shanxi.supervisor");
        Assert.Equal("补正", Assert.Single((await PanelAsync(province, "Pauses", Window)).Rows)[0].GetString());
        Assert.Equal("Correction", Assert.Single((await PanelAsync(province, "Pauses", Window + "&culture=en")).Rows)[0].GetString());
    }

    [Fact]
    public async Task Decided_within_the_statutory_and_the_extended_limit()
    {
        await SeedFixtureAsync();
        var province = await app.SignedInAs("shanxi.supervisor");
        var deadlines = await PanelAsync(province, "Deadlines", Window);
        var row = Assert.Single(deadlines.Rows);
        Assert.Equal(4, row[1].GetInt32());
        Assert.Equal(50.0, row[2].GetDouble()); // 9 and 11 days are within 45; 50 and 70 are not
        Assert.Equal(1, row[3].GetInt32());     // the 50-day case was extended by 15 days …
        Assert.Equal(75.0, row[4].GetDouble()); // … so it is within its limit of 60; the 70-day case is late either way
    }

    [Fact]
    public async Task A_city_supervisor_sees_only_its_counties_and_a_county_supervisor_only_itself()
    {
        await SeedFixtureAsync();
        var city = await app.SignedInAs("jincheng.supervisor");
        var counties = await PanelAsync(city, "Deadlines", "from=2026-01-01&to=2026-12-31");
        var names = counties.Rows.Select(r => r[0].GetString()).ToList();
        Assert.DoesNotContain("阳曲县", names);
        Assert.DoesNotContain("清徐县", names);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/dashboard/Deadlines?county={Yangqu}")).StatusCode);

        var taiyuan = await app.SignedInAs("taiyuan.supervisor");
        Assert.Contains("阳曲县", (await PanelAsync(taiyuan, "Deadlines", "from=2026-01-01&to=2026-12-31")).Rows.Select(r => r[0].GetString()));

        var county = await app.SignedInAs("qingxu.supervisor");
        var own = await PanelAsync(county, "TimeByCounty", "from=2026-02-01&to=2026-05-31");
        Assert.Empty(own.Rows); // Qingxu decided nothing then; Yangqu's four cases are not its business
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/dashboard/TimeByCounty?county={Yangqu}")).StatusCode);

        var reviewer = await app.SignedInAs("yangqu.land");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/api/dashboard/Backlog")).StatusCode);
    }

    [Fact]
    public async Task Bad_filters_are_refused_with_the_field_named()
    {
        var province = await app.SignedInAs("shanxi.supervisor");
        var response = await province.GetAsync("/api/dashboard/Backlog?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await province.GetAsync("/api/dashboard/Backlog?from=2026-05-01&to=2026-04-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await province.GetAsync("/api/dashboard/Backlog?use=Water")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await province.GetAsync("/api/dashboard/NoSuchPanel")).StatusCode);
    }

    [Fact]
    public async Task Each_table_exports_as_CSV_that_Excel_opens_in_Chinese()
    {
        await SeedFixtureAsync();
        var province = await app.SignedInAs("shanxi.supervisor");
        var response = await province.GetAsync($"/dashboard/Deadlines.csv?{Window}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        // The filters that produced the table come first, then an empty line (DashboardReadingTests), then the table.
        var table = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n\r\n", 2)[1];
        var lines = table.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("县,已决定案件,法定期限内（45 个工作日）%,延长期限的案件,适用期限内（含延长）%", lines[0]);
        Assert.Equal("阳曲县,4,50,1,75", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task A_case_decided_through_the_workflow_shows_up_in_the_figures_at_once()
    {
        var province = await app.SignedInAs("shanxi.supervisor");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var filter = $"from={today}&to={today}&county=140581";
        var before = await DecidedAsync(province, filter);
        var openBefore = await OpenAsync(province, "county=140581");

        var cases = new CaseDriver(app);
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140581", boundary: CaseDriver.Square(112.90, 35.79));
        Assert.Equal(openBefore + 1, await OpenAsync(province, "county=140581"));
        await cases.CompleteOkAsync(await app.SignedInAs("gaoping.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("gaoping.land");
        await cases.CompleteOkAsync(land, id, "Agree", "Review");
        await cases.CompleteOkAsync(land, id, "Approve", "Decision");
        await cases.WaitForStatusAsync(province, id, "Approved");

        Assert.Equal(before + 1, await DecidedAsync(province, filter));
        Assert.Equal(openBefore, await OpenAsync(province, "county=140581"));
        var workload = await PanelAsync(province, "WorkloadByReviewer", filter);
        Assert.Contains(workload.Rows, r => r[0].GetString() == "gaoping.land" && r[1].GetInt32() == 2);
    }

    [Fact]
    public async Task Claiming_and_releasing_a_task_leave_the_figures_alone_and_completing_it_refreshes_them()
    {
        var cases = new CaseDriver(app);
        var (id, _) = await cases.SubmitAsync(await app.SignedInAs("applicant"), county: "140581", boundary: CaseDriver.Square(112.91, 35.78));
        var clerk = await app.SignedInAs("gaoping.clerk");
        var task = await cases.WaitForTaskAsync(clerk, id, "Acceptance");
        var taskId = task.GetProperty("id").GetGuid();
        // A marker no refresh would write: it stays only if nothing recomputes the case's facts.
        await app.Database.ExecuteAsync($"UPDATE dashboard_case_facts SET paused_days = 999 WHERE case_id = '{id}'");

        Assert.True((await clerk.PostAsync($"/api/tasks/{taskId}/claim", null)).IsSuccessStatusCode);
        Assert.True((await clerk.PostAsync($"/api/tasks/{taskId}/release", null)).IsSuccessStatusCode);
        Assert.Equal(999, await app.Database.ScalarAsync<int>($"SELECT paused_days FROM dashboard_case_facts WHERE case_id = '{id}'"));

        await cases.CompleteOkAsync(clerk, id, "Accept", "Acceptance");
        Assert.Equal(0, await app.Database.ScalarAsync<int>($"SELECT paused_days FROM dashboard_case_facts WHERE case_id = '{id}'"));
    }

    private static async Task<int> DecidedAsync(HttpClient client, string filter)
    {
        var table = await PanelAsync(client, "TimeByCounty", filter);
        return table.Rows.Count == 0 ? 0 : table.Rows[0][1].GetInt32();
    }

    private static async Task<int> OpenAsync(HttpClient client, string filter) =>
        (await PanelAsync(client, "OpenNow", filter)).Rows.Single(r => r[0].GetString() == "合计")[1].GetInt32();

    internal sealed record Table(string Title, List<List<JsonElement>> Rows);

    internal static async Task<Table> PanelAsync(HttpClient client, string panel, string query)
    {
        var response = await client.GetAsync($"/api/dashboard/{panel}?{query}");
        Assert.True(response.IsSuccessStatusCode, $"{panel}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Table(json.GetProperty("title").GetString()!,
            json.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList());
    }

    /// <summary>Four Yangqu cases decided between February and May 2026 (once per database).</summary>
    private async Task SeedFixtureAsync()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM cases WHERE number LIKE 'DASHFIX-%'", connection))
            if ((long)(await exists.ExecuteScalarAsync())! > 0) return;
        var organisation = await ScalarAsync<Guid>(connection, "SELECT organisation_id FROM users WHERE user_name = 'applicant'");
        var applicant = await ScalarAsync<Guid>(connection, "SELECT id FROM users WHERE user_name = 'applicant'");
        await InsertCaseAsync(connection, 1, applicant, organisation, "2026-02-09", "2026-02-10", "2026-03-03", extended: false);
        var paused = await InsertCaseAsync(connection, 2, applicant, organisation, "2026-02-09", "2026-02-10", "2026-03-03", extended: false);
        await InsertCaseAsync(connection, 3, applicant, organisation, "2026-01-30", "2026-02-02", "2026-04-20", extended: true);
        await InsertCaseAsync(connection, 4, applicant, organisation, "2026-01-30", "2026-02-02", "2026-05-20", extended: false);
        await using var pause = new NpgsqlCommand("""
            INSERT INTO case_pauses (id, case_id, reason, "from", "to")
            VALUES (gen_random_uuid(), @case, '补正 / correction', TIMESTAMPTZ '2026-02-25 10:00+08', TIMESTAMPTZ '2026-02-27 10:00+08')
            """, connection);
        pause.Parameters.AddWithValue("case", paused);
        await pause.ExecuteNonQueryAsync();
    }

    /// <summary>A decided case written straight into the case table (numbered <paramref name="prefix"/>-n), its facts derived by the triggers.</summary>
    internal static async Task<Guid> InsertCaseAsync(NpgsqlConnection connection, int n, Guid applicant, Guid organisation,
        string submitted, string accepted, string decided, bool extended, string county = Yangqu, string prefix = "DASHFIX")
    {
        var id = Guid.NewGuid();
        await using var command = new NpgsqlCommand("""
            INSERT INTO cases (id, number, applicant_user_id, organisation_id, county_code, project_name, project_owner, project_type,
                declared_approval_level, infrastructure_public_or_defence, uses, boundary_file, boundary, boundary_area_m2, required_departments,
                deciding_level, forward_to_national, status, submitted_at, accepted_on, due_on, extended, closed_at, decided_at_level, workflow_instance_id, version)
            VALUES (@id, @number, @applicant, @organisation, @county, '测试项目', '测试单位', '交通', 'County', false,
                '[{"type": 1}]', '\x00', ST_Multi(ST_GeomFromText('POLYGON((38400000 4200000, 38400100 4200000, 38400100 4200100, 38400000 4200000))', 4526)),
                5000, ARRAY['Land'], 'County', false, 'Approved', (@submitted::date + TIME '10:00') AT TIME ZONE 'Asia/Shanghai', @accepted::date, NULL, @extended,
                (@decided::date + TIME '10:00') AT TIME ZONE 'Asia/Shanghai', 'County', gen_random_uuid(), 1)
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("number", $"{prefix}-{n}");
        command.Parameters.AddWithValue("county", county);
        command.Parameters.AddWithValue("applicant", applicant);
        command.Parameters.AddWithValue("organisation", organisation);
        command.Parameters.AddWithValue("submitted", submitted);
        command.Parameters.AddWithValue("accepted", accepted);
        command.Parameters.AddWithValue("decided", decided);
        command.Parameters.AddWithValue("extended", extended);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
