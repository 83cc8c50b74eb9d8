using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Approvals.Infrastructure;
using Approvals.Infrastructure.BackgroundWork;
using Approvals.IntegrationTests.Foundation;
using Approvals.IntegrationTests.Infrastructure;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>
/// The deployment of deploy/: two web nodes and a worker, each a process of its own, on one database,
/// sharing the cookie keys. Cases are driven through both web nodes in turn while the worker runs the
/// spatial checks and the deadline sweeps; the worker and one web node are killed (SIGKILL) mid-run and
/// started again. Afterwards the database must hold every case decided exactly once, each with exactly
/// its tasks, notifications without duplicates, and decision-document numbers without repeats or gaps.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private const int CaseCount = 24;
    /// <summary>Cases whose first review waits for the reminder round, so that open tasks are there to remind.</summary>
    private const int HeldCases = 6;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    private TestDatabase database = null!;
    private DirectoryInfo keys = null!;
    private HostProcess web1 = null!, web2 = null!, worker = null!;
    private WebNodes cluster = null!;
    private readonly Dictionary<string, string> sessions = [];
    private readonly string[] progress = new string[CaseCount];
    private readonly TaskCompletionSource reviewsMayGoOn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int heldAtReview;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var seeded = await CommandLine.RunAsync($"seed-demo --password {ApprovalsApp.Password}", database.ConnectionString);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
        keys = Directory.CreateTempSubdirectory("approvals-keys-");
        Dictionary<string, string> Node(string mode) => new()
        {
            ["ConnectionStrings__Approvals"] = database.ConnectionString,
            ["Approvals__Mode"] = mode,
            ["Approvals__DataProtectionKeysPath"] = keys.FullName,
            // A job fetched by a worker that died runs again after this (5 minutes by default).
            ["Approvals__JobInvisibilityTimeout"] = "00:00:10",
        };
        web1 = new HostProcess("web-1", Node("web"));
        web2 = new HostProcess("web-2", Node("web"));
        worker = new HostProcess("worker", Node("worker"));
        cluster = new WebNodes([web1, web2]);
    }

    public async Task DisposeAsync()
    {
        web1?.Dispose();
        web2?.Dispose();
        worker?.Dispose();
        cluster?.Dispose();
        await database.DisposeAsync();
        keys?.Delete(recursive: true);
    }

    /// <summary>What one case asks for and who does what to it, step by step, until its decision.</summary>
    private sealed record CaseKind(string County, string DeclaredLevel, JsonArray Uses, Step[] Steps, string FinalStatus);

    private sealed record Step(string User, string Stage, string Level, string? Department, string Outcome);

    private static readonly CaseKind[] Kinds =
    [
        // A county-level land case, approved by Zezhou.
        new("140525", "County", [CaseDriver.LandUse()],
            [new("zezhou.clerk", "Acceptance", "County", null, "Accept"), new("zezhou.land", "Review", "County", "Land", "Agree"),
             new("zezhou.land", "Decision", "County", "Land", "Approve")], "Approved"),
        // Land and 1 ha of forest: two reviews side by side at the county, joined, approved by Zezhou.
        new("140525", "County", [CaseDriver.LandUse(), CaseDriver.ForestUse(1m)],
            [new("zezhou.clerk", "Acceptance", "County", null, "Accept"), new("zezhou.land", "Review", "County", "Land", "Agree"),
             new("zezhou.forest", "Review", "County", "Forest", "Agree"), new("zezhou.land", "Decision", "County", "Land", "Approve")], "Approved"),
        // A city-level case: Yangcheng's first review, then Jincheng reviews and approves.
        new("140522", "City", [CaseDriver.LandUse()],
            [new("yangcheng.clerk", "Acceptance", "County", null, "Accept"), new("yangcheng.land", "Review", "County", "Land", "Agree"),
             new("jincheng.land", "Review", "City", "Land", "Agree"), new("jincheng.land", "Decision", "City", "Land", "Approve")], "Approved"),
        // Refused by Yangcheng: a refusal is numbered in its own series.
        new("140522", "County", [CaseDriver.LandUse()],
            [new("yangcheng.clerk", "Acceptance", "County", null, "Accept"), new("yangcheng.land", "Review", "County", "Land", "Disagree"),
             new("yangcheng.land", "Decision", "County", "Land", "Refuse")], "Refused"),
    ];

    [Fact]
    public async Task Two_web_nodes_and_a_worker_killed_mid_run_finish_every_case_once_without_lost_or_duplicated_work()
    {
        // Both web nodes start at once on the fresh database (each publishes the workflow definitions).
        await Task.WhenAll(web1.StartAsync(), web2.StartAsync(), worker.StartAsync());
        // Signed in once on web-1; the cookie works on web-2 because the nodes share the key folder.
        foreach (var user in Kinds.SelectMany(k => k.Steps).Select(s => s.User).Append("applicant").Distinct())
            sessions[user] = await cluster.SignInAsync(user);

        using var slots = new SemaphoreSlim(HeldCases + 4);
        var drivers = Enumerable.Range(0, CaseCount).Select(async i =>
        {
            await slots.WaitAsync();
            try { await DriveAsync(i, Kinds[i % Kinds.Length]); }
            finally { slots.Release(); }
        }).ToList();

        // While the first cases wait with their reviews open (the others go on), every open task is due
        // for its reminder and several deadline sweeps run on the worker at once;
        await WaitUntilAsync(drivers, "the held cases at their reviews", () => Task.FromResult(Volatile.Read(ref heldAtReview) == HeldCases));
        await database.ExecuteAsync("UPDATE review_tasks SET remind_on = current_date - 1 WHERE status = 'Open'");
        EnqueueDeadlineSweeps(4);
        await WaitUntilAsync(drivers, "a reminder sent", async () =>
            await database.ScalarAsync<long>("SELECT count(*) FROM review_tasks WHERE reminded_at IS NOT NULL") > 0);
        // then, with every case moving, the worker and web-2 die with whatever they hold; the cases carry
        // on through web-1 until both are back.
        reviewsMayGoOn.SetResult();
        await Task.Delay(300);
        await Task.WhenAll(worker.KillAsync(), web2.KillAsync());
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Task.WhenAll(web2.StartAsync(), worker.StartAsync());
        EnqueueDeadlineSweeps(2);

        var all = Task.WhenAll(drivers);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(150))) != all)
            Assert.Fail($"Cases still running after the restart:\n{string.Join("\n", progress.Select((p, i) => $"case {i}: {p}"))}\n{worker.Output}");
        await all;
        Assert.True(cluster.FailedOver > 0, "No request met the killed node: the kill proved nothing.");

        await AssertEachCaseDecidedOnceWithItsTasksAsync();
        await AssertNotificationsSentOnceAsync();
        await AssertDocumentNumbersWithoutRepeatsOrGapsAsync();
        var audit = await CommandLine.RunAsync("audit verify", database.ConnectionString);
        Assert.True(audit.ExitCode == 0, audit.Output + audit.Error);
    }

    private async Task DriveAsync(int index, CaseKind kind)
    {
        var applicant = sessions["applicant"];
        progress[index] = "submitting";
        var body = new JsonObject
        {
            // A submission repeated after a node died under it finds the same case by its key.
            ["idempotencyKey"] = $"multinode-{index}",
            ["countyCode"] = kind.County,
            ["declaredApprovalLevel"] = kind.DeclaredLevel,
            ["project"] = new JsonObject { ["name"] = $"多节点测试项目 {index}", ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
            ["uses"] = kind.Uses.DeepClone(),
            ["boundary"] = CaseDriver.Square(west: (kind.County == "140525" ? 112.80 : 112.35) + index % 12 * 0.01, south: 35.45 + index / 12 * 0.01),
            ["documents"] = CaseDriver.DocumentsFor(kind.Uses),
        };
        var (submitted, _) = await cluster.SendAsync(applicant, HttpMethod.Post, "/api/cases", body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"case {index}: submit answered {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        var caseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach (var step in kind.Steps)
        {
            progress[index] = $"{caseId} waiting for {step.Stage} {step.Level} {step.Department} ({step.User})";
            var user = sessions[step.User];
            var taskId = await WaitForTaskAsync(user, caseId, step);
            if (index < HeldCases && step.Stage == "Review" && step == kind.Steps.First(s => s.Stage == "Review"))
            {
                progress[index] = $"{caseId} held at {step.Stage} {step.Level} {step.Department}";
                Interlocked.Increment(ref heldAtReview);
                await reviewsMayGoOn.Task;
            }
            progress[index] = $"{caseId} working {step.Stage} {step.Level} {step.Department}";
            await ExpectOkAsync(index, await cluster.SendAsync(user, HttpMethod.Post, $"/api/tasks/{taskId}/claim", null));
            await ExpectOkAsync(index, await cluster.SendAsync(user, HttpMethod.Post, $"/api/tasks/{taskId}/complete",
                new { outcome = step.Outcome, opinion = "经审查，符合要求。" }));
        }

        progress[index] = $"{caseId} waiting for {kind.FinalStatus}";
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var (response, _) = await cluster.SendAsync(applicant, HttpMethod.Get, $"/api/cases/{caseId}", null);
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            if (status == kind.FinalStatus) break;
            Assert.True(DateTime.UtcNow < deadline, $"case {index} ({caseId}) stayed {status}");
            await Task.Delay(300);
        }
        progress[index] = $"{caseId} {kind.FinalStatus}";
    }

    /// <summary>
    /// A 200, or a 409 when the request had to be sent again because its node died: the first attempt
    /// may have committed before the node went (the task is then completed already).
    /// </summary>
    private static async Task ExpectOkAsync(int index, (HttpResponseMessage Response, bool Repeated) sent)
    {
        var (response, repeated) = sent;
        if (response.IsSuccessStatusCode || (repeated && response.StatusCode == HttpStatusCode.Conflict)) return;
        Assert.Fail($"case {index}: {response.RequestMessage!.RequestUri} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<Guid> WaitForTaskAsync(string user, Guid caseId, Step step)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var (response, _) = await cluster.SendAsync(user, HttpMethod.Get, "/api/tasks?pageSize=200", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var task in page.GetProperty("tasks").EnumerateArray())
                if (task.GetProperty("caseId").GetGuid() == caseId && task.GetProperty("stage").GetString() == step.Stage
                    && task.GetProperty("level").GetString() == step.Level && task.GetProperty("department").GetString() == step.Department)
                    return task.GetProperty("id").GetGuid();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {step.Stage} task ({step.Level} {step.Department}) of case {caseId} reached {step.User}.\n{worker.Output}");
            await Task.Delay(300);
        }
    }

    private async Task AssertEachCaseDecidedOnceWithItsTasksAsync()
    {
        var cases = await RowsAsync("""
            SELECT c.idempotency_key, c.status, i.status,
                   (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind IN ('approved', 'refused', 'notaccepted')),
                   (SELECT count(*) FROM workflow_bookmarks b WHERE b.instance_id = i.id)
            FROM cases c JOIN workflow_instances i ON i.case_id = c.id
            """);
        Assert.Equal(CaseCount, cases.Count);
        foreach (var row in cases)
        {
            var kind = Kinds[KindIndex(row[0])];
            Assert.True((string)row[1] == kind.FinalStatus && (string)row[2] == "Finished" && (long)row[3] == 1 && (long)row[4] == 0,
                $"{row[0]}: case {row[1]}, workflow {row[2]}, {row[3]} decisions, {row[4]} bookmarks left");
        }

        var tasks = await RowsAsync("""
            SELECT c.idempotency_key, t.stage, t.level, coalesce(t.department, ''), t.status, coalesce(t.outcome, '')
            FROM review_tasks t JOIN cases c ON c.id = t.case_id
            """);
        foreach (var byCase in tasks.GroupBy(t => (string)t[0]))
        {
            var expected = Kinds[KindIndex(byCase.Key)].Steps.Select(s => $"{s.Stage}/{s.Level}/{s.Department}/Completed/{s.Outcome}").Order();
            var actual = byCase.Select(t => $"{t[1]}/{t[2]}/{t[3]}/{t[4]}/{t[5]}").Order();
            Assert.Equal(string.Join(", ", expected), string.Join(", ", actual));
        }
        Assert.Equal(CaseCount, tasks.Select(t => t[0]).Distinct().Count());
    }

    private async Task AssertNotificationsSentOnceAsync()
    {
        var duplicated = await RowsAsync("""
            SELECT recipient_id, case_id, task_id, kind, count(*) FROM notifications GROUP BY 1, 2, 3, 4 HAVING count(*) > 1
            """);
        if (duplicated.Count > 0) Assert.Fail($"{duplicated.Count} notifications sent more than once, e.g. {string.Join(", ", duplicated[0])}");
        var reminded = await database.ScalarAsync<long>("SELECT count(*) FROM review_tasks WHERE reminded_at IS NOT NULL");
        Assert.True(reminded > 0, "The deadline sweeps reminded nobody: the check above proves nothing.");
        // The task row records its reminder in the transaction that writes the notifications: none may be lost.
        Assert.Equal(0, await database.ScalarAsync<long>("""
            SELECT count(*) FROM review_tasks t
            WHERE t.reminded_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.task_id = t.id AND n.kind = 'task-reminder')
            """));
    }

    private async Task AssertDocumentNumbersWithoutRepeatsOrGapsAsync()
    {
        var rows = await RowsAsync("SELECT idempotency_key, status, document_number FROM cases");
        foreach (var row in rows)
            // An approval and a refusal are each a numbered document (in series of their own); nothing else is.
            Assert.True(((string)row[1] is "Approved" or "Refused") == (row[2] is string), $"{row[0]} is {row[1]} with document number {row[2]}");
        var numbers = rows.Where(r => r[2] is string).Select(r => (string)r[2]).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var pattern = new Regex(@"^(?<issuer>.+)〔(?<year>\d{4})〕(?<n>\d+)号$");
        foreach (var issuerYear in numbers.Select(n => pattern.Match(n)).GroupBy(m => (m.Groups["issuer"].Value, m.Groups["year"].Value)))
        {
            var sequence = issuerYear.Select(m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.True(sequence.SequenceEqual(Enumerable.Range(1, sequence.Count)), $"{issuerYear.Key}: {string.Join(", ", sequence)}");
        }
        Assert.Equal(Kinds.Count(k => k.FinalStatus is "Approved" or "Refused") * CaseCount / Kinds.Length, numbers.Count);
        // No number was taken and then lost (a decision rolled back keeps its number in the sequence only if it committed).
        Assert.Equal(numbers.Count, await database.ScalarAsync<long>("SELECT coalesce(sum(last_value), 0) FROM number_sequences WHERE scope LIKE 'decision:%' OR scope LIKE 'refusal:%'"));
    }

    private static int KindIndex(object idempotencyKey) => int.Parse(((string)idempotencyKey)["multinode-".Length..], System.Globalization.CultureInfo.InvariantCulture) % Kinds.Length;

    /// <summary>Puts deadline sweeps on the worker's queue, as its recurring schedule does every ten minutes.</summary>
    private void EnqueueDeadlineSweeps(int count)
    {
        // Hangfire's logging is process-wide: an in-process test host of another class may have pointed it at
        // a logger factory that is disposed by now. This client has nothing to say; it logs nowhere.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new SilentLogProvider());
        var options = new PostgreSqlStorageOptions { SchemaName = InfrastructureServices.HangfireSchema, PrepareSchemaIfNecessary = false };
        var jobs = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options));
        for (var i = 0; i < count; i++) jobs.Enqueue<RecurringWork>(w => w.SweepDeadlinesAsync(CancellationToken.None));
    }

    private sealed class SilentLogProvider : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public Hangfire.Logging.ILog GetLogger(string name) => this;
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    private async Task WaitUntilAsync(List<Task> drivers, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!await condition())
        {
            if (drivers.FirstOrDefault(d => d.IsFaulted) is { } failed) await failed;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Waited in vain for {what}:\n{string.Join("\n", progress)}\n{await BackgroundJobsAsync()}\n{worker.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The background jobs by state, and the last failures, for a failure message.</summary>
    private async Task<string> BackgroundJobsAsync()
    {
        var rows = await RowsAsync("""
            SELECT statename, invocationdata::jsonb ->> 'Type', invocationdata::jsonb ->> 'Method', count(*), max(createdat)::text
            FROM hangfire.job GROUP BY 1, 2, 3
            """);
        rows.AddRange(await RowsAsync("""
            SELECT 'tasks', status, remind_on::text, current_date::text, count(*) FROM review_tasks GROUP BY 1, 2, 3, 4
            """));
        return string.Join("\n", rows.Select(r => string.Join(" | ", r)));
    }

    private async Task<List<object[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// The web nodes behind a round-robin balancer: each request goes to the next node, and a node that
    /// does not answer (killed) is skipped. Sessions are cookies, sent by hand so that one signed in on
    /// one node is visibly the same session on the other.
    /// </summary>
    private sealed class WebNodes(IReadOnlyList<HostProcess> nodes) : IDisposable
    {
        private readonly HttpClient client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
        private int turn;
        private int failedOver;

        /// <summary>Requests sent to the other node because the first did not answer.</summary>
        public int FailedOver => Volatile.Read(ref failedOver);

        public async Task<string> SignInAsync(string user)
        {
            var response = await client.PostAsJsonAsync(new Uri(nodes[0].BaseAddress, "/api/auth/sign-in"), new { userName = user, password = ApprovalsApp.Password });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        }

        /// <returns>The response, and whether the request was sent more than once (a node died under it).</returns>
        public async Task<(HttpResponseMessage Response, bool Repeated)> SendAsync(string cookie, HttpMethod method, string path, object? body)
        {
            var first = Interlocked.Increment(ref turn);
            for (var attempt = 0; ; attempt++)
            {
                var node = nodes[(first + attempt) % nodes.Count];
                using var request = new HttpRequestMessage(method, new Uri(node.BaseAddress, path));
                request.Headers.Add("Cookie", cookie);
                if (body is not null) request.Content = JsonContent.Create(body);
                try
                {
                    var response = await client.SendAsync(request);
                    // A session the other node cannot read would be a 401 here.
                    Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{node.BaseAddress} did not accept the session cookie");
                    return (response, attempt > 0);
                }
                catch (HttpRequestException) when (attempt < 100)
                {
                    Interlocked.Increment(ref failedOver);
                    await Task.Delay(200);
                }
            }
        }

        public void Dispose() => client.Dispose();
    }
}
