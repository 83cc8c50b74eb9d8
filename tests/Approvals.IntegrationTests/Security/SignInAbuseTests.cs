using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;

namespace Approvals.IntegrationTests.Security;

/// <summary>
/// Guessing passwords is slowed down per client address and per account from that address, and sign-in says
/// nothing about which user names exist. The limits are the host's settings: the tests that reach them run a
/// second node on the same database with low limits, so the shared host keeps its defaults.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SignInAbuseTests(ApprovalsApp app)
{
    private const string Stranger = "127.0.0.2";

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });

    /// <summary>An applicant of its own, so failed sign-ins here touch no account another test signs in with.</summary>
    private async Task<string> NewApplicantAsync()
    {
        var email = $"s{Guid.NewGuid():N}@example.cn";
        var registered = await app.Anonymous().PostAsJsonAsync("/api/applicants", new
        {
            organisationName = "晋城安全测试有限公司", creditCode = PortalFixtures.NewCreditCode(), displayName = "安测试", email,
            phone = "13800000000", password = ApprovalsApp.Password,
        });
        registered.EnsureSuccessStatusCode();
        return email;
    }

    [Fact]
    public async Task A_stranger_guessing_a_password_is_held_back_but_the_real_user_still_signs_in_from_their_own_address()
    {
        var victim = await NewApplicantAsync();
        await using var host = SecondHost.Start(app, new Dictionary<string, string>
        {
            ["Approvals:RateLimits:SignInBackoff:FreeFailures"] = "2",
            ["Approvals:RateLimits:SignInBackoff:FirstDelay"] = "00:01:00",
        });
        var stranger = host.Anonymous(Stranger);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(stranger, victim, $"guess-number-{i}")).StatusCode);
        // Even the right password is not tried any more from there for a while: guessing has stopped paying.
        var held = await SignIn(stranger, victim, ApprovalsApp.Password);
        Assert.Equal((HttpStatusCode)429, held.StatusCode);
        Assert.True(held.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refusal says when to try again");
        Assert.Contains("请", await held.Content.ReadAsStringAsync());

        // The account itself is not locked: its owner, elsewhere, signs in at once.
        Assert.Equal(HttpStatusCode.NoContent, (await SignIn(host.Anonymous(), victim, ApprovalsApp.Password)).StatusCode);
    }

    [Fact]
    public async Task A_user_name_that_does_not_exist_is_held_back_exactly_like_one_that_does()
    {
        await using var host = SecondHost.Start(app, new Dictionary<string, string>
        {
            ["Approvals:RateLimits:SignInBackoff:FreeFailures"] = "2",
        });
        var stranger = host.Anonymous(Stranger);
        var known = await NewApplicantAsync();
        var unknown = $"nobody{Guid.NewGuid():N}@example.cn";

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var name in new[] { known, unknown })
            for (var i = 0; i < 3; i++)
            {
                var response = await SignIn(stranger, name, $"guess-number-{i}");
                answers.Add((response.StatusCode, Neutral(await response.Content.ReadAsStringAsync())));
            }

        Assert.Equal(answers[..3], answers[3..]);
        Assert.Equal((HttpStatusCode)429, answers[2].Item1);
    }

    [Fact]
    public async Task Wrong_passwords_for_known_and_unknown_user_names_get_the_same_answer_in_about_the_same_time()
    {
        var client = app.Anonymous();
        // Warm-up: the first hash of a process pays for loading the crypto code.
        await SignIn(client, "nobody.warmup", "wrong-password-1");
        await SignIn(client, "admin", "wrong-password-1");

        var known = new List<double>();
        var unknown = new List<double>();
        string? knownAnswer = null, unknownAnswer = null;
        // One wrong guess per account, so no backoff is reached for names other tests use.
        foreach (var name in new[] { "zezhou.grassland", "yangcheng.grassland", "gaoping.grassland", "qingxu.grassland", "yangqu.grassland", "jincheng.grassland", "taiyuan.grassland" })
        {
            var (time, answer) = await TimedAsync(client, name);
            known.Add(time);
            knownAnswer = answer;
            (time, answer) = await TimedAsync(client, $"nobody.{Guid.NewGuid():N}");
            unknown.Add(time);
            unknownAnswer = answer;
        }

        Assert.Equal(knownAnswer, unknownAnswer);
        // Without a password hash for unknown names they answer ten or more times faster, which tells names apart.
        Assert.True(Median(unknown) > 0.5 * Median(known), $"unknown names answered in {Median(unknown):0.0} ms, known ones in {Median(known):0.0} ms");
    }

    [Fact]
    public async Task Too_many_sign_ins_from_one_address_get_a_429_with_a_message_and_Retry_After_while_other_addresses_go_on()
    {
        await using var host = SecondHost.Start(app, new Dictionary<string, string>
        {
            ["Approvals:RateLimits:SignInPerClient:Burst"] = "2",
            ["Approvals:RateLimits:SignInPerClient:PerMinute"] = "1",
            ["Approvals:RateLimits:SignInPerClient:Queue"] = "0",
        });
        var busy = host.Anonymous("127.0.0.3");
        await SignIn(busy, "admin", ApprovalsApp.Password);
        await SignIn(busy, "admin", ApprovalsApp.Password);

        var refused = await SignIn(busy, "admin", ApprovalsApp.Password);
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("过于频繁", await refused.Content.ReadAsStringAsync());
        // Another client on the same machine: ?culture=en is remembered in the culture cookie of the client that sends it.
        var english = await host.Anonymous("127.0.0.3").PostAsJsonAsync("/api/auth/sign-in?culture=en", new { userName = "admin", password = ApprovalsApp.Password });
        Assert.Contains("Too many", await english.Content.ReadAsStringAsync());

        // The sign-in page's form and registration count against the same address.
        var page = await busy.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = await busy.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = ApprovalsApp.Password,
            ["__RequestVerificationToken"] = AntiForgeryToken(await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal((HttpStatusCode)429, form.StatusCode);
        Assert.True(form.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("过于频繁", await form.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode)429, (await busy.PostAsJsonAsync("/api/applicants", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SignIn(host.Anonymous("127.0.0.4"), "admin", ApprovalsApp.Password)).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_from_everywhere_together_are_limited_too()
    {
        await using var host = SecondHost.Start(app, new Dictionary<string, string>
        {
            ["Approvals:RateLimits:SignInOverall:Burst"] = "3",
            ["Approvals:RateLimits:SignInOverall:PerMinute"] = "1",
            ["Approvals:RateLimits:SignInOverall:Queue"] = "0",
        });
        var statuses = new List<HttpStatusCode>();
        foreach (var address in new[] { "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8" })
            statuses.Add((await SignIn(host.Anonymous(address), "admin", ApprovalsApp.Password)).StatusCode);
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, (HttpStatusCode)429], statuses);
    }

    [Fact]
    public async Task Spatial_checks_are_limited_per_user_not_per_address()
    {
        await using var host = SecondHost.Start(app, new Dictionary<string, string>
        {
            ["Approvals:RateLimits:SpatialChecksPerUser:Burst"] = "1",
            ["Approvals:RateLimits:SpatialChecksPerUser:PerMinute"] = "1",
            ["Approvals:RateLimits:SpatialChecksPerUser:Queue"] = "0",
        });
        var first = await host.SignedInAs("zezhou.clerk");
        var second = await host.SignedInAs("zezhou.land");
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsync("/api/spatial-checks", Boundary())).StatusCode);
        var refused = await first.PostAsync("/api/spatial-checks", Boundary());
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("过于频繁", await refused.Content.ReadAsStringAsync());
        // The page's upload counts for the same person.
        var page = await first.GetAsync("/spatial-checks/new");
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken(await page.Content.ReadAsStringAsync())), "__RequestVerificationToken" },
            { new ByteArrayContent(Spatial.SpatialFixtures.TwoParcelTxtInZone37()), "file", "红线.txt" },
        };
        Assert.Equal((HttpStatusCode)429, (await first.PostAsync("/spatial-checks/new", form)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync("/api/spatial-checks", Boundary())).StatusCode);
    }

    private static MultipartFormDataContent Boundary() => new()
    {
        { new ByteArrayContent(Spatial.SpatialFixtures.TwoParcelTxtInZone37()), "file", "红线.txt" },
    };

    internal static string AntiForgeryToken(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    private static async Task<(double Milliseconds, string Answer)> TimedAsync(HttpClient client, string userName)
    {
        var watch = Stopwatch.StartNew();
        var response = await SignIn(client, userName, "wrong-password-1");
        var body = await response.Content.ReadAsStringAsync();
        return (watch.Elapsed.TotalMilliseconds, $"{(int)response.StatusCode} {Neutral(body)}");
    }

    /// <summary>The answer without what differs on every request anyway (trace and correlation ids).</summary>
    private static string Neutral(string body)
    {
        if (body.Length == 0) return "";
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        json.Remove("correlationId");
        return json.ToJsonString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
