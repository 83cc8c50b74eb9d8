using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Inbox;

/// <summary>
/// Who may open and act on what, over roles × jurisdictions × actions. Out of someone's reach a case or
/// task does not exist for them (404); a known action they may not take is refused (403).
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class InboxSecurityTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private enum Target { ZezhouReviewCase, ZezhouLandTask, ZezhouForestTask, YangchengCase, YangchengAcceptanceTask }

    private enum Act { OpenCasePage, OpenReviewPage, ReadReviewApi, Claim, Complete, Reassign, OpenInbox }

    private static readonly (string User, Act Act, Target Target, HttpStatusCode Expected)[] Rules =
    [
        // A county sees only itself.
        ("zezhou.land", Act.OpenCasePage, Target.YangchengCase, HttpStatusCode.NotFound),
        ("zezhou.clerk", Act.OpenReviewPage, Target.YangchengAcceptanceTask, HttpStatusCode.NotFound),
        ("zezhou.clerk", Act.Claim, Target.YangchengAcceptanceTask, HttpStatusCode.NotFound),
        ("zezhou.clerk", Act.Complete, Target.YangchengAcceptanceTask, HttpStatusCode.NotFound),
        ("yangcheng.clerk", Act.OpenReviewPage, Target.YangchengAcceptanceTask, HttpStatusCode.OK),
        ("yangcheng.land", Act.OpenCasePage, Target.ZezhouReviewCase, HttpStatusCode.NotFound),
        ("yangcheng.land", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        // A department works only its own department's tasks.
        ("zezhou.forest", Act.OpenReviewPage, Target.ZezhouForestTask, HttpStatusCode.OK),
        ("zezhou.forest", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.forest", Act.Claim, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.forest", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.clerk", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.land", Act.ReadReviewApi, Target.ZezhouLandTask, HttpStatusCode.OK),
        // A city sees its counties' cases but works only the tasks forwarded to it; another city sees nothing.
        ("jincheng.land", Act.OpenCasePage, Target.ZezhouReviewCase, HttpStatusCode.OK),
        ("jincheng.land", Act.OpenCasePage, Target.YangchengCase, HttpStatusCode.OK),
        ("jincheng.land", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("jincheng.land", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("taiyuan.land", Act.OpenCasePage, Target.ZezhouReviewCase, HttpStatusCode.NotFound),
        ("shanxi.land", Act.OpenCasePage, Target.YangchengCase, HttpStatusCode.OK),
        ("shanxi.land", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        // Supervisors oversee and reassign within their reach; reviewers may not reassign.
        ("jincheng.supervisor", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.OK),
        ("zezhou.supervisor", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.OK),
        ("zezhou.supervisor", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("taiyuan.supervisor", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("taiyuan.supervisor", Act.Reassign, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.supervisor", Act.Reassign, Target.YangchengAcceptanceTask, HttpStatusCode.NotFound),
        ("zezhou.land", Act.Reassign, Target.ZezhouLandTask, HttpStatusCode.Forbidden),
        ("admin", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.OK),
        // The applicant reads its own case but has no inbox and no review pages.
        ("applicant", Act.OpenCasePage, Target.ZezhouReviewCase, HttpStatusCode.OK),
        ("applicant", Act.OpenInbox, Target.ZezhouReviewCase, HttpStatusCode.Forbidden),
        ("applicant", Act.OpenReviewPage, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("applicant", Act.Claim, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("applicant", Act.Complete, Target.ZezhouLandTask, HttpStatusCode.NotFound),
        ("zezhou.land", Act.OpenInbox, Target.ZezhouReviewCase, HttpStatusCode.OK),
    ];

    [Fact]
    public async Task Every_role_reaches_exactly_the_cases_and_tasks_of_its_jurisdiction_and_department()
    {
        var applicant = await app.SignedInAs("applicant");
        var (zezhou, _) = await cases.SubmitAsync(applicant, uses: InboxClient.LandAndForest());
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), zezhou, "Accept", "Acceptance");
        var (yangcheng, _) = await cases.SubmitAsync(applicant, county: "140522");
        var targets = new Dictionary<Target, Guid>
        {
            [Target.ZezhouReviewCase] = zezhou,
            [Target.ZezhouLandTask] = (await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), zezhou, "Review")).GetProperty("id").GetGuid(),
            [Target.ZezhouForestTask] = (await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), zezhou, "Review")).GetProperty("id").GetGuid(),
            [Target.YangchengCase] = yangcheng,
            [Target.YangchengAcceptanceTask] = (await cases.WaitForTaskAsync(await app.SignedInAs("yangcheng.clerk"), yangcheng, "Acceptance")).GetProperty("id").GetGuid(),
        };
        var zezhouReviewer = (await (await app.SignedInAs("admin")).GetFromJsonAsync<JsonElement>($"/api/tasks/{targets[Target.ZezhouLandTask]}/review"))
            .GetProperty("candidates").EnumerateArray().First().GetProperty("userId").GetGuid();

        var clients = new Dictionary<string, HttpClient>();
        var wrong = new List<string>();
        foreach (var (user, act, target, expected) in Rules)
        {
            if (!clients.TryGetValue(user, out var client)) clients[user] = client = await app.SignedInAs(user);
            var id = targets[target];
            var response = act switch
            {
                Act.OpenCasePage => await client.GetAsync($"/cases/{id}"),
                Act.OpenReviewPage => await client.GetAsync($"/inbox/tasks/{id}"),
                Act.ReadReviewApi => await client.GetAsync($"/api/tasks/{id}/review"),
                Act.Claim => await client.PostAsync($"/api/tasks/{id}/claim", null),
                // An opinion the task would accept, so only the caller's reach decides.
                Act.Complete => await client.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = target == Target.YangchengAcceptanceTask ? "Accept" : "Agree", opinion = "越权测试" }),
                Act.Reassign => await client.PostAsJsonAsync($"/api/tasks/{id}/reassign", new { assigneeId = zezhouReviewer, reason = "越权测试" }),
                _ => await client.GetAsync("/api/inbox"),
            };
            if (response.StatusCode != expected) wrong.Add($"{user} {act} {target}: expected {(int)expected}, got {(int)response.StatusCode}");
        }
        Assert.Empty(wrong);

        // Nothing of the refused attempts left a trace: the tasks are still open and unclaimed.
        var land = await cases.WaitForTaskAsync(clients["zezhou.land"], zezhou, "Review");
        Assert.Equal(JsonValueKind.Null, land.GetProperty("assigneeName").ValueKind);
        Assert.Equal("AwaitingAcceptance", (await cases.CaseAsync(applicant, yangcheng)).GetProperty("status").GetString());
    }
}
