using Approvals.IntegrationTests.Foundation;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Dashboard;

/// <summary>`approvals seed-demo --cases N`: a generated year of history that the inbox and the dashboard can work on.</summary>
public sealed class CaseHistoryTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task The_generated_history_is_consistent_for_the_inbox_and_the_dashboard_and_is_loaded_only_once()
    {
        var (exit, output, error) = await CommandLine.RunAsync("seed-demo --cases 300 --seed 7", database.ConnectionString);
        Assert.True(exit == 0, error + output);

        Assert.Equal(300L, await database.ScalarAsync<long>("SELECT count(*) FROM cases"));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM review_tasks WHERE status = 'Open'") > 0, "some tasks are still open");
        // Every task carries its case's number, project, county and uses, as the workflow writes them: the inbox searches and filters on them.
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            SELECT count(*) FROM review_tasks t JOIN cases c ON c.id = t.case_id
            WHERE t.case_number <> c.number OR t.project_name <> c.project_name OR t.county_code <> c.county_code OR t.use_types = 0
            """));
        Assert.Equal(300L, await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_case_facts"));
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM cases WHERE status = 'Approved' AND document_number IS NOT NULL") > 0);

        var again = await CommandLine.RunAsync("seed-demo --cases 300 --seed 7", database.ConnectionString);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(300L, await database.ScalarAsync<long>("SELECT count(*) FROM cases"));
    }
    [Fact]
    public async Task Refreshing_cases_one_by_one_gives_the_same_figures_as_rebuilding_everything()
    {
        // The history is loaded with the triggers off and rebuilt once at the end (the bulk path); a workflow step
        // refreshes its one case and moves the daily and weekly roll-ups by the difference (the per-case path).
        var (exit, output, error) = await CommandLine.RunAsync("seed-demo --cases 200 --seed 11", database.ConnectionString);
        Assert.True(exit == 0, error + output);
        const string snapshot = """
            SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
                SELECT f::text AS x FROM dashboard_case_facts f
                UNION ALL SELECT 'p' || p::text FROM dashboard_pause_facts p
                UNION ALL SELECT 'd' || d::text FROM dashboard_daily d WHERE received <> 0 OR decided <> 0
                UNION ALL SELECT 'w' || w::text FROM dashboard_weekly_durations w WHERE n <> 0) s
            """;
        var rebuilt = await database.ScalarAsync<string>(snapshot);
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_weekly_durations") > 0, "decided cases have durations");

        // Forget every case's facts through the per-case path's trigger, then refresh each case on its own.
        await database.ExecuteAsync("""
            DELETE FROM dashboard_case_facts;
            DELETE FROM dashboard_pause_facts;
            SELECT dashboard_refresh(ARRAY[id]) FROM cases ORDER BY submitted_at;
            """);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_daily WHERE received < 0 OR decided < 0"));
        Assert.Equal(rebuilt, await database.ScalarAsync<string>(snapshot));
    }
    [Fact]
    public async Task Migrate_brings_the_dashboard_calendar_up_to_date_so_no_supervisor_request_has_to()
    {
        var (exit, output, error) = await CommandLine.RunAsync("seed-demo --cases 50 --seed 3", database.ConnectionString);
        Assert.True(exit == 0, error + output);
        var decidedWithDurations = await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_case_facts WHERE decided AND days_to_decision IS NOT NULL");
        Assert.True(decidedWithDurations > 0, "decided cases have a duration");

        // As if the calendar shipped with the rules had just changed: the dashboard's copy no longer matches it.
        await database.ExecuteAsync("DELETE FROM dashboard_calendar; UPDATE dashboard_case_facts SET days_to_decision = NULL;");

        (exit, output, error) = await CommandLine.RunAsync("migrate", database.ConnectionString);
        Assert.True(exit == 0, error + output);
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_calendar") >= 365);
        Assert.Equal(decidedWithDurations, await database.ScalarAsync<long>("SELECT count(*) FROM dashboard_case_facts WHERE decided AND days_to_decision IS NOT NULL"));
    }
}
