using System.Net.Http.Json;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Security;

/// <summary>
/// The pages run under the site's Content-Security-Policy (own scripts and styles only, no inline code) and
/// nothing on them is blocked: maps, charts, legends, the print button.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_main_pages_load_under_the_policy_without_a_single_violation()
    {
        // A case decided at the county (its review page, case page and decision document), a draft with a
        // pre-checked boundary (the portal's map) and a spatial check (the report page's map and legend).
        var cases = new CaseDriver(app);
        var applicantApi = await app.SignedInAs("applicant");
        var (caseId, _) = await cases.SubmitAsync(applicantApi);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), caseId, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        var review = await cases.WaitForTaskAsync(land, caseId, "Review");
        await cases.CompleteOkAsync(land, caseId, "Agree", "Review");
        await cases.CompleteOkAsync(land, caseId, "Approve", "Decision");
        await cases.WaitForStatusAsync(applicantApi, caseId, "Approved");
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, await PortalFixtures.ActorOfAsync(applicantApi));
        var upload = new MultipartFormDataContent { { new ByteArrayContent(Spatial.SpatialFixtures.TwoParcelTxtInZone37()), "file", "红线.txt" } };
        var check = (await applicantApi.PostAsync("/api/spatial-checks", upload)).Headers.Location!.OriginalString.Split('/')[^1];

        var visits = new (string? User, string[] Paths)[]
        {
            (null, ["/", "/account/login", "/account/register"]),
            ("applicant", ["/", "/portal", $"/portal/drafts/{draft}/project", $"/portal/drafts/{draft}/uses", $"/portal/drafts/{draft}/boundary",
                $"/portal/drafts/{draft}/attachments", $"/portal/drafts/{draft}/submit", "/spatial-checks/new", $"/spatial-checks/{check}",
                $"/cases/{caseId}", $"/cases/{caseId}/decision"]),
            ("zezhou.land", ["/inbox", "/inbox?tab=Done", $"/inbox/tasks/{review.GetProperty("id").GetGuid()}", $"/cases/{caseId}", "/workflows"]),
            ("shanxi.supervisor", ["/dashboard"]),
            ("admin", ["/hangfire"]),
        };
        var problems = new List<string>();
        foreach (var (user, paths) in visits)
        {
            await using var browser = await app.BrowserAs(user);
            // Reported by the browser for every blocked script, style, image or frame, with the directive it broke.
            await browser.Context.AddInitScriptAsync("""
                document.addEventListener('securitypolicyviolation', e =>
                  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
                """);
            foreach (var path in paths)
            {
                var response = await browser.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                Assert.NotNull(response);
                var headers = await response!.AllHeadersAsync();
                Assert.True(headers.TryGetValue("content-security-policy", out var policy) && policy.Contains("frame-ancestors 'none'"),
                    $"{path} has no Content-Security-Policy");
                problems.AddRange(browser.Problems.Select(p => $"{user ?? "anonymous"} {path}: {p}"));
                browser.Problems.Clear();
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_maps_and_charts_draw_under_the_policy()
    {
        var applicantApi = await app.SignedInAs("applicant");
        var (draft, _) = await DraftSubmissionTests.CompleteDraftAsync(app, await PortalFixtures.ActorOfAsync(applicantApi));

        await using (var applicant = await app.BrowserAs("applicant"))
        {
            await applicant.Page.GotoAsync($"/portal/drafts/{draft}/boundary");
            await Assertions.Expect(applicant.Page.Locator(".boundary-map[data-state=loaded]")).ToHaveCountAsync(1);
            await Assertions.Expect(applicant.Page.Locator(".boundary-map canvas.maplibregl-canvas")).ToBeVisibleAsync();
            Assert.Empty(applicant.Problems);
        }
        await using (var supervisor = await app.BrowserAs("shanxi.supervisor"))
        {
            await supervisor.Page.GotoAsync("/dashboard");
            await Assertions.Expect(supervisor.Page.Locator("canvas").First).ToBeVisibleAsync();
            Assert.Empty(supervisor.Problems);
        }
    }
}
