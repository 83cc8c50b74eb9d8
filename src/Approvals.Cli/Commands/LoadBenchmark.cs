using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Domain.Organisations;
using Approvals.Domain.UseTypes;

namespace Approvals.Cli.Commands;

/// <summary>
/// `approvals bench load`: simulated people using a RUNNING host over HTTP on loopback, each in a loop with
/// think time: applicants pre-check boundaries and submit cases, reviewers and window clerks open their inbox
/// and review pages and complete tasks, supervisors open the dashboard. Prints requests/s and p50/p95/p99/max
/// per kind of request with the errors, and writes the same as JSON with --json-out.
/// </summary>
internal static class LoadBenchmark
{
    /// <summary>Targets (issue 13) for a p95, per class of request; writes and sign-ins have none.</summary>
    private const double ReadTargetMs = 300, PreCheckTargetMs = 1_000;
    /// <summary>Requests slower than this are listed with the moment they started.</summary>
    private const double SlowMs = 1_000;

    public sealed record Settings(Uri Url, int Users, double Minutes, string Password, double ThinkMin, double ThinkMax,
        double RampUpSeconds, int Iterations, int Seed, FileInfo? JsonOut);

    public static Command Command()
    {
        var url = new Option<string>("--url") { Description = "The running host (loopback only).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var users = new Option<int>("--users") { Description = "Simulated people: about 35 % applicants, 50 % reviewers and clerks, 15 % supervisors.", DefaultValueFactory = _ => 50 };
        var minutes = new Option<double>("--minutes") { Description = "How long they work, after which each stops by itself.", DefaultValueFactory = _ => 3 };
        var password = new Option<string>("--password") { Description = "The demo logins' password (also given to the applicants this command registers).", DefaultValueFactory = _ => DemoCommands.DefaultPassword };
        var thinkMin = new Option<double>("--think-min") { Description = "Shortest pause between two requests of one person, in seconds.", DefaultValueFactory = _ => 1 };
        var thinkMax = new Option<double>("--think-max") { Description = "Longest pause, in seconds.", DefaultValueFactory = _ => 5 };
        var rampUp = new Option<double?>("--ramp-up") { Description = "Seconds over which the people sign in one after another (default: a sixth of the run, at most 30 s)." };
        var iterations = new Option<int>("--iterations") { Description = "At most this many rounds per person (a round: a few requests).", DefaultValueFactory = _ => 1_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the choices and boundaries.", DefaultValueFactory = _ => 1 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the results as JSON to this file." };
        var command = new Command("load", "Simulated applicants, reviewers and supervisors against a running host (loopback): latency per kind of request.")
        {
            url, users, minutes, password, thinkMin, thinkMax, rampUp, iterations, seed, jsonOut,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"--url must be an http(s) address, not \"{parse.GetValue(url)}\".");
                return 2;
            }
            if (!IsLoopback(target))
            {
                Console.Error.WriteLine($"Refusing to load {target.Host}: this benchmark only targets this machine (127.0.0.1, ::1 or localhost).");
                return 2;
            }
            var minutesValue = parse.GetValue(minutes);
            var (min, max) = (parse.GetValue(thinkMin), parse.GetValue(thinkMax));
            if (parse.GetValue(users) < 1 || minutesValue <= 0 || min < 0 || max < min)
            {
                Console.Error.WriteLine("--users must be at least 1, --minutes above 0, and 0 ≤ --think-min ≤ --think-max.");
                return 2;
            }
            var settings = new Settings(target, parse.GetValue(users), minutesValue, parse.GetValue(password)!, min, max,
                parse.GetValue(rampUp) ?? Math.Min(30, minutesValue * 60 / 6), parse.GetValue(iterations), parse.GetValue(seed), parse.GetValue(jsonOut));
            return await new LoadRun(settings).RunAsync(ct);
        });
        return command;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The run: the simulated people, and what their requests took, per kind.</summary>
    private sealed class LoadRun(Settings settings)
    {
        private readonly ConcurrentDictionary<string, KindStats> kinds = new();
        private readonly ConcurrentQueue<string> errorSamples = new();
        private readonly ConcurrentBag<SlowRequest> slow = [];
        private DateTime started;
        private readonly Random seeds = new(settings.Seed);
        private DateTime endAt;

        public async Task<int> RunAsync(CancellationToken ct)
        {
            using (var probe = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(10) })
            {
                try
                {
                    var ready = await probe.GetAsync("/health/ready", ct);
                    if (!ready.IsSuccessStatusCode) throw new HttpRequestException($"/health/ready answered {(int)ready.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Console.Error.WriteLine($"No host answers at {settings.Url}: {e.Message} (start it first, e.g. dotnet src/Approvals.Web/bin/Release/net10.0/Approvals.Web.dll --urls {settings.Url}).");
                    return 3;
                }
            }

            var people = Enumerable.Range(0, settings.Users).Select(i => new Person(this, i, new Random(seeds.Next()))).ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{people.Count} people ({people.Count(p => p.Role == Role.Applicant)} applicants, {people.Count(p => p.Role == Role.Reviewer)} reviewers and clerks, {people.Count(p => p.Role == Role.Supervisor)} supervisors) sign in over {settings.RampUpSeconds:F0} s and work for {settings.Minutes:F1} min against {settings.Url}…"));
            started = DateTime.UtcNow;
            var machineBusy = MachineCpu.Read();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            endAt = started + TimeSpan.FromMinutes(settings.Minutes);
            var stagger = settings.Users > 1 ? settings.RampUpSeconds / settings.Users : 0;
            await Task.WhenAll(people.Select(async (p, i) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(i * stagger), ct);
                await p.RunAsync(ct);
            }));
            var elapsed = DateTime.UtcNow - started;
            var cpu = new CpuUse(Math.Round((MachineCpu.Read() - machineBusy) / elapsed.TotalSeconds, 2),
                Math.Round((Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds / elapsed.TotalSeconds, 2));
            foreach (var p in people) p.Dispose();
            return await ReportAsync(people, elapsed, cpu, ct);
        }

        public bool TimeIsUp => DateTime.UtcNow >= endAt;

        /// <summary>A pause as a person takes before the next click, cut short when the run ends.</summary>
        public async Task ThinkAsync(Random random, CancellationToken ct)
        {
            var pause = TimeSpan.FromSeconds(settings.ThinkMin + random.NextDouble() * (settings.ThinkMax - settings.ThinkMin));
            var left = endAt - DateTime.UtcNow;
            if (left > TimeSpan.Zero) await Task.Delay(pause < left ? pause : left, ct);
        }

        public Settings Settings => settings;

        public void Record(string kind, double ms, HttpStatusCode? status, string? problem)
        {
            // Slow requests with the moment they started: many kinds slow at the same moment point to a stall of the
            // host or the machine (a pause, a burst of other work), one kind slow throughout to that kind's own work.
            if (ms > SlowMs) slow.Add(new SlowRequest(kind, Math.Round((DateTime.UtcNow - started).TotalSeconds - ms / 1000, 1), Math.Round(ms)));
            var stats = kinds.GetOrAdd(kind, k => new KindStats(k));
            lock (stats)
            {
                stats.Count++;
                if (status == HttpStatusCode.TooManyRequests) { stats.TooMany++; return; }
                stats.Latencies.Add(ms);
                if (status == HttpStatusCode.Conflict) stats.Conflicts++;
                else if (problem is not null)
                {
                    stats.Errors++;
                    if (errorSamples.Count < 30) errorSamples.Enqueue($"{kind}: {problem}");
                }
            }
        }

        private async Task<int> ReportAsync(List<Person> people, TimeSpan elapsed, CpuUse cpu, CancellationToken ct)
        {
            var seconds = elapsed.TotalSeconds;
            var rows = kinds.Values.OrderBy(k => Order(k.Kind)).ThenBy(k => k.Kind, StringComparer.Ordinal).Select(k =>
            {
                var sorted = k.Latencies.Order().ToList();
                var target = Target(k.Kind);
                var p95 = Percentile(sorted, 0.95);
                return new KindResult(k.Kind, k.Count, Math.Round(k.Count / seconds, 2), Percentile(sorted, 0.5), p95, Percentile(sorted, 0.99),
                    sorted.Count > 0 ? Math.Round(sorted[^1], 1) : 0, k.Errors, k.Conflicts, k.TooMany, target,
                    target is null ? null : p95 <= target && k.Errors == 0);
            }).ToList();
            var total = rows.Sum(r => r.Count);
            var errors = rows.Sum(r => r.Errors);

            var table = new StringBuilder();
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Load benchmark: {settings.Users} people ({people.Count(p => p.Role == Role.Applicant)} applicants, {people.Count(p => p.Role == Role.Reviewer)} reviewers/clerks, {people.Count(p => p.Role == Role.Supervisor)} supervisors), {seconds:F0} s, think {settings.ThinkMin:0.#}–{settings.ThinkMax:0.#} s, {settings.Url}; this machine: {Environment.ProcessorCount} cores"));
            table.AppendLine($"{"kind",-32} {"n",6} {"req/s",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"errors",6} {"409",4} {"429",4}  target p95");
            foreach (var r in rows)
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Kind,-32} {r.Count,6} {r.PerSecond,7:F2} {r.P50,8:F1} {r.P95,8:F1} {r.P99,8:F1} {r.Max,8:F1} {r.Errors,6} {r.Conflicts,4} {r.TooMany,4}  {(r.TargetMs is { } t ? $"{t:F0} ms {(r.Met == true ? "met" : "NOT met")}" : "–")}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{"all",-32} {total,6} {total / seconds,7:F2} {"",8} {"",8} {"",8} {"",8} {errors,6} {rows.Sum(r => r.Conflicts),4} {rows.Sum(r => r.TooMany),4}"));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"cores busy on average: {cpu.MachineCores:F2} of {Environment.ProcessorCount} (the whole machine: host, database, this command with {cpu.ThisCommandCores:F2}, and anything else running)"));
            var slowest = slow.OrderBy(r => r.StartedAtSecond).ToList();
            if (slowest.Count > 0)
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"requests over {SlowMs:F0} ms: {slowest.Count}, sent in {string.Join(", ", Windows(slowest).Select(w => $"{w.From:F0}–{w.To:F0} s ({w.Count}: {string.Join(" ", w.Kinds)})"))}"));
            var missed = rows.Where(r => r.Met == false).Select(r => r.Kind).ToList();
            table.AppendLine(missed.Count == 0 && errors == 0
                ? "targets: met (no errors; every page and read p95 ≤ 300 ms, pre-check p95 ≤ 1 s)"
                : $"targets: NOT met ({errors} errors; missed: {(missed.Count == 0 ? "none" : string.Join(", ", missed))})");
            Console.WriteLine(table.ToString().TrimEnd());
            if (!errorSamples.IsEmpty)
            {
                Console.Error.WriteLine("First errors:");
                foreach (var e in errorSamples) Console.Error.WriteLine($"  {e}");
            }
            if (settings.JsonOut is { } path)
                await File.WriteAllTextAsync(path.FullName, JsonSerializer.Serialize(new
                {
                    url = settings.Url.ToString(), settings.Users, settings.Minutes, settings.ThinkMin, settings.ThinkMax, settings.RampUpSeconds,
                    applicants = people.Count(p => p.Role == Role.Applicant), reviewers = people.Count(p => p.Role == Role.Reviewer),
                    supervisors = people.Count(p => p.Role == Role.Supervisor), processors = Environment.ProcessorCount,
                    seconds = Math.Round(seconds, 1), cpu, requests = total, requestsPerSecond = Math.Round(total / seconds, 2), errors,
                    kinds = rows, slowRequests = slowest, errorSamples = errorSamples.ToList(),
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), ct);
            return 0;
        }

        /// <summary>The slow requests in windows of time (a gap of 2 s or more starts a new one), with the kinds in each.</summary>
        private static IEnumerable<(double From, double To, int Count, IEnumerable<string> Kinds)> Windows(List<SlowRequest> sorted)
        {
            var start = 0;
            for (var i = 1; i <= sorted.Count; i++)
            {
                if (i < sorted.Count && sorted[i].StartedAtSecond - sorted[i - 1].StartedAtSecond < 2) continue;
                var window = sorted.GetRange(start, i - start);
                yield return (window[0].StartedAtSecond, window[^1].StartedAtSecond, window.Count,
                    window.GroupBy(r => r.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key.Split(' ')[^1]}×{g.Count()}"));
                start = i;
            }
        }

        private static double? Target(string kind) => kind switch
        {
            "POST /api/spatial-checks" => PreCheckTargetMs,
            _ when kind.StartsWith("GET ", StringComparison.Ordinal) => ReadTargetMs,
            _ => null,
        };

        /// <summary>Table order: sign-in first, then the applicants', the reviewers' and the supervisors' requests.</summary>
        private static int Order(string kind) => kind switch
        {
            _ when kind.Contains("/api/auth", StringComparison.Ordinal) || kind.Contains("/api/applicants", StringComparison.Ordinal) => 0,
            _ when kind.Contains("/portal", StringComparison.Ordinal) || kind.Contains("/api/cases", StringComparison.Ordinal) || kind.Contains("spatial-checks", StringComparison.Ordinal) => 1,
            _ when kind.Contains("inbox", StringComparison.Ordinal) || kind.Contains("/api/tasks", StringComparison.Ordinal) => 2,
            _ => 3,
        };

        private static double Percentile(List<double> sorted, double p) =>
            sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
    }

    /// <param name="MachineCores">Cores the whole machine kept busy on average (from /proc/stat; 0 elsewhere).</param>
    /// <param name="ThisCommandCores">Of those, this command's own share (the simulated people).</param>
    private sealed record CpuUse(double MachineCores, double ThisCommandCores);

    /// <param name="StartedAtSecond">When the request was sent, in seconds from the start of the run.</param>
    private sealed record SlowRequest(string Kind, double StartedAtSecond, double Ms);

    private sealed class KindStats(string kind)
    {
        public string Kind { get; } = kind;
        public int Count;
        public int Errors;
        public int Conflicts;
        public int TooMany;
        public List<double> Latencies { get; } = [];
    }

    /// <param name="Conflicts">409s: two people took the same task at once (the later one is told so); not errors.</param>
    /// <param name="TooMany">429s (a rate limit); not in the latencies and not errors.</param>
    private sealed record KindResult(string Kind, int Count, double PerSecond, double P50, double P95, double P99, double Max,
        int Errors, int Conflicts, int TooMany, double? TargetMs, bool? Met);

    private enum Role { Applicant, Reviewer, Supervisor }

    /// <summary>One simulated person: signs in once, then works in rounds with pauses until the run ends.</summary>
    private sealed class Person : IDisposable
    {
        private static readonly string[] Counties = ["zezhou", "yangcheng", "gaoping", "qingxu", "yangqu"];
        private static readonly string[] Departments = ["land", "mineral", "forest", "grassland"];
        /// <summary>The demo staff who work tasks: window clerks, and every department's reviewers at each level.</summary>
        private static readonly string[] Reviewers =
        [
            .. Counties.Select(c => $"{c}.clerk"),
            .. Counties.SelectMany(c => Departments.Select(d => $"{c}.{d}")),
            .. new[] { "jincheng", "taiyuan", "shanxi" }.SelectMany(c => Departments.Select(d => $"{c}.{d}")),
        ];
        private static readonly string[] Supervisors = [.. Counties.Select(c => $"{c}.supervisor"), "jincheng.supervisor", "taiyuan.supervisor", "shanxi.supervisor"];
        private static readonly string[] ProjectKinds = ["公路改建工程", "光伏发电项目", "输变电工程", "供水管网工程", "产业园基础设施项目", "砂石料场项目"];

        private readonly LoadRun run;
        private readonly Random random;
        private readonly HttpClient http;
        private readonly DemoParcels parcels;
        private readonly List<Guid> myCases = [];
        /// <summary>The dashboard's panels, as the host lists them (a supervisor asks once).</summary>
        private string[]? panels;
        private readonly string userName;
        /// <summary>This person's number among those of its role (from 0).</summary>
        private readonly int ordinal;

        public Person(LoadRun run, int index, Random random)
        {
            this.run = run;
            this.random = random;
            parcels = new DemoParcels(random);
            // Of every 20 people: 7 applicants, 10 reviewers and clerks, 3 supervisors.
            Role = (index % 20) switch { < 7 => Role.Applicant, < 17 => Role.Reviewer, _ => Role.Supervisor };
            ordinal = index / 20 * (Role switch { Role.Applicant => 7, Role.Reviewer => 10, _ => 3 }) + (index % 20) - (Role switch { Role.Applicant => 0, Role.Reviewer => 7, _ => 17 });
            userName = Role switch
            {
                Role.Applicant => $"load-applicant-{ordinal + 1}@example.com",
                Role.Reviewer => Reviewers[ordinal % Reviewers.Length],
                _ => Supervisors[ordinal % Supervisors.Length],
            };
            // Each person has a browser of its own: its cookie and its connections.
            http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = run.Settings.Url, Timeout = TimeSpan.FromSeconds(60),
            };
        }

        public Role Role { get; }

        public async Task RunAsync(CancellationToken ct)
        {
            try
            {
                if (!await SignInAsync(ct)) return;
                for (var round = 0; round < run.Settings.Iterations && !run.TimeIsUp; round++)
                {
                    switch (Role)
                    {
                        case Role.Applicant: await ApplicantRoundAsync(ct); break;
                        case Role.Reviewer: await ReviewerRoundAsync(ct); break;
                        default: await SupervisorRoundAsync(ct); break;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        }

        private async Task<bool> SignInAsync(CancellationToken ct)
        {
            var (status, _) = await SignInOnceAsync(ct);
            if (status == HttpStatusCode.Unauthorized && Role == Role.Applicant)
            {
                // Not registered yet (the first run on this database): register the organisation, then sign in.
                var n = ordinal + 1;
                var first17 = $"91140500{n:D9}";
                var registered = await SendAsync("POST /api/applicants", HttpMethod.Post, "/api/applicants", JsonContent.Create(new
                {
                    organisationName = $"压力测试示范企业{n}有限公司", creditCode = first17 + CreditCode.CheckCharacter(first17),
                    displayName = $"申请人{n}", email = userName, phone = $"139{n:D8}", password = run.Settings.Password,
                }), ct);
                // Registration answers 202 whether or not the address was known (it must not reveal who has an account).
                if (registered.Status is not (HttpStatusCode.Accepted or HttpStatusCode.Created)) return false;
                (status, _) = await SignInOnceAsync(ct);
            }
            return status == HttpStatusCode.NoContent;
        }

        /// <summary>One sign-in, repeated after a pause while a rate limit answers 429 (those are counted apart).</summary>
        private async Task<(HttpStatusCode? Status, string? Body)> SignInOnceAsync(CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                var content = JsonContent.Create(new { userName, password = run.Settings.Password });
                // The probe of a not yet registered applicant is expected to fail: it is not an error of the host.
                var result = await SendAsync("POST /api/auth/sign-in", HttpMethod.Post, "/api/auth/sign-in", content, ct,
                    expected: s => s == HttpStatusCode.NoContent || (Role == Role.Applicant && s == HttpStatusCode.Unauthorized));
                if (result.Status != HttpStatusCode.TooManyRequests || attempt >= 10 || run.TimeIsUp) return result;
                await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble() * 2), ct);
            }
        }

        /// <summary>An applicant looks at its applications, pre-checks a boundary once or a few times, and mostly submits.</summary>
        private async Task ApplicantRoundAsync(CancellationToken ct)
        {
            await SendAsync("GET /portal", HttpMethod.Get, "/portal", null, ct);
            await run.ThinkAsync(random, ct);
            DemoParcels.Parcel? parcel = null;
            for (var i = random.Next(1, 4); i > 0 && !run.TimeIsUp; i--)
            {
                parcel = parcels.Next();
                await SendAsync("POST /api/spatial-checks", HttpMethod.Post, "/api/spatial-checks",
                    new StringContent(parcel.Geometry.ToJsonString(), Encoding.UTF8, "application/geo+json"), ct);
                await run.ThinkAsync(random, ct);
            }
            if (parcel is not null && !run.TimeIsUp && random.NextDouble() < 0.6)
            {
                var uses = new JsonArray(new JsonObject { ["type"] = "Land" });
                var roll = random.NextDouble();
                var part = Math.Max(0.01, Math.Round(parcel.AreaHa * (0.1 + 0.4 * random.NextDouble()), 2));
                if (roll < 0.2) uses.Add(new JsonObject { ["type"] = "Forest", ["areaHa"] = part, ["forestKind"] = "Other", ["forestTerm"] = "Permanent" });
                else if (roll < 0.25) uses.Add(new JsonObject { ["type"] = "Grassland", ["areaHa"] = part });
                var body = new JsonObject
                {
                    ["idempotencyKey"] = Guid.NewGuid().ToString(),
                    ["countyCode"] = parcel.CountyCode,
                    ["declaredApprovalLevel"] = random.NextDouble() < 0.8 ? "County" : "City",
                    ["project"] = new JsonObject
                    {
                        ["name"] = $"{parcel.CountyName}{ProjectKinds[random.Next(ProjectKinds.Length)]}（压力测试 {ordinal + 1}-{myCases.Count + 1}）",
                        ["owner"] = $"压力测试示范企业{ordinal + 1}有限公司", ["type"] = "交通",
                    },
                    ["uses"] = uses,
                    ["boundary"] = parcel.Geometry.DeepClone(),
                    ["documents"] = JsonSerializer.SerializeToNode(BenchDocuments.For(
                        uses.Select(u => Enum.Parse<UseType>(u!["type"]!.GetValue<string>()))), JsonSerializerOptions.Web),
                };
                var submitted = await SendAsync("POST /api/cases", HttpMethod.Post, "/api/cases", JsonContent.Create(body), ct);
                if (submitted.Status == HttpStatusCode.Created && JsonNode.Parse(submitted.Body!)?["id"]?.GetValue<Guid>() is { } id) myCases.Add(id);
                await run.ThinkAsync(random, ct);
            }
            if (myCases.Count > 0 && !run.TimeIsUp && random.NextDouble() < 0.5)
            {
                await SendAsync("GET /api/cases/{id}", HttpMethod.Get, $"/api/cases/{myCases[random.Next(myCases.Count)]}", null, ct);
                await run.ThinkAsync(random, ct);
            }
        }

        /// <summary>A reviewer opens the inbox, reads a task's review (page and API), and completes about half of those read.</summary>
        private async Task ReviewerRoundAsync(CancellationToken ct)
        {
            if (random.NextDouble() < 0.3)
            {
                await SendAsync("GET /inbox", HttpMethod.Get, "/inbox", null, ct);
                await run.ThinkAsync(random, ct);
            }
            var inbox = await SendAsync("GET /api/inbox", HttpMethod.Get, "/api/inbox?tab=Todo&claim=Unclaimed&pageSize=25", null, ct);
            await run.ThinkAsync(random, ct);
            var rows = inbox.Body is null ? null : JsonNode.Parse(inbox.Body)?["rows"]?.AsArray();
            if (rows is null || rows.Count == 0 || run.TimeIsUp) return;
            // Not always the first row: several people share one demo login and would all take the same task.
            var row = rows[random.Next(rows.Count)]!;
            var taskId = row["taskId"]!.GetValue<Guid>();
            var stage = row["stage"]!.GetValue<string>();
            await SendAsync("GET /api/tasks/{id}/review", HttpMethod.Get, $"/api/tasks/{taskId}/review", null, ct);
            await SendAsync("GET /inbox/tasks/{id}", HttpMethod.Get, $"/inbox/tasks/{taskId}", null, ct);
            await run.ThinkAsync(random, ct);
            var outcome = stage switch { "Acceptance" => "Accept", "Review" => "Agree", "Decision" => "Approve", _ => null };
            if (outcome is null || run.TimeIsUp || random.NextDouble() >= 0.5) return;
            var claimed = await SendAsync("POST /api/tasks/{id}/claim", HttpMethod.Post, $"/api/tasks/{taskId}/claim", null, ct);
            if (claimed.Status != HttpStatusCode.OK) return;
            await run.ThinkAsync(random, ct);
            await SendAsync("POST /api/tasks/{id}/complete", HttpMethod.Post, $"/api/tasks/{taskId}/complete",
                JsonContent.Create(new { outcome, opinion = "经审查，符合要求，同意。" }), ct);
            await run.ThinkAsync(random, ct);
        }

        /// <summary>A supervisor opens the dashboard page, then looks at a few panels with a filter.</summary>
        private async Task SupervisorRoundAsync(CancellationToken ct)
        {
            await SendAsync("GET /dashboard", HttpMethod.Get, "/dashboard", null, ct);
            if (panels is null && await SendAsync("GET /api/dashboard", HttpMethod.Get, "/api/dashboard", null, ct) is { Status: HttpStatusCode.OK, Body: { } list })
                panels = JsonNode.Parse(list)!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
            await run.ThinkAsync(random, ct);
            if (panels is not { Length: > 0 }) return;
            for (var i = random.Next(1, 4); i > 0 && !run.TimeIsUp; i--)
            {
                var filter = random.Next(4) switch
                {
                    0 => "",
                    1 => "?use=Land",
                    2 => "?level=County",
                    _ => string.Create(CultureInfo.InvariantCulture, $"?from={DateTime.Today.AddDays(-90):yyyy-MM-dd}"),
                };
                await SendAsync("GET /api/dashboard/{panel}", HttpMethod.Get, $"/api/dashboard/{panels[random.Next(panels.Length)]}{filter}", null, ct);
                await run.ThinkAsync(random, ct);
            }
        }

        /// <summary>Sends one request, reads the whole answer, and records its time under its kind.</summary>
        private async Task<(HttpStatusCode? Status, string? Body)> SendAsync(string kind, HttpMethod method, string path, HttpContent? content,
            CancellationToken ct, Func<HttpStatusCode, bool>? expected = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var ms = watch.Elapsed.TotalMilliseconds;
                var status = response.StatusCode;
                var code = (int)status;
                // A page that sends the person back to the sign-in page has lost the session: that is an error too.
                var problem = expected is not null
                    ? expected(status) ? null : $"{code} {Excerpt(body)}"
                    : code >= 400 ? $"{code} {Excerpt(body)}"
                    : response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true ? $"{code} to the sign-in page" : null;
                run.Record(kind, ms, status, problem);
                return (status, body);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                run.Record(kind, watch.Elapsed.TotalMilliseconds, null, e.GetBaseException().Message);
                return (null, null);
            }
        }

        private static string Excerpt(string body) => body.Length <= 200 ? body : body[..200] + "…";

        public void Dispose() => http.Dispose();
    }
}
