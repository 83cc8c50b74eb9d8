using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.StartDraft;
using Approvals.Domain.UseTypes;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Security;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Portal;

/// <summary>
/// Areas are decimals written with a point in both UI languages: "1,5" could be 1.5 (a decimal comma) or 15 (a
/// thousands separator), so it is refused with a message that names the field, on the pages and in the API alike.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DecimalInputTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("zh-CN", "林地面积“1,5”含有逗号")]
    [InlineData("en", "The forest-land area \"1,5\" contains a comma")]
    public async Task A_forest_area_typed_with_a_comma_is_refused_on_the_uses_page_naming_the_field_and_nothing_is_saved(string culture, string message)
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var answer = await PostUsesAsync(client, draft, culture, "1,5");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Contains(message, page);
        Assert.Contains("id=\"forestareaha-error\"", page);
        Assert.Contains("value=\"1,5\"", page);
        Assert.Empty((await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).Uses);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task A_forest_area_with_a_decimal_point_means_the_same_in_both_languages(string culture)
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));

        var answer = await PostUsesAsync(client, draft, culture, "1.5");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var forest = Assert.Single((await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)))).Uses);
        Assert.Equal(UseType.Forest, forest.Type);
        Assert.Equal(1.5m, forest.AreaHa);
    }

    [Theory]
    [InlineData("zh-CN", "“uses[0].areaHa”的值无法读取")]
    [InlineData("en", "The value of \"uses[0].areaHa\" cannot be read")]
    public async Task The_API_refuses_an_area_written_with_a_comma_naming_the_field(string culture, string message)
    {
        var applicant = await app.SignedInAs("applicant");
        var project = $"逗号面积测试-{Guid.NewGuid():N}";
        var body = new JsonObject
        {
            ["idempotencyKey"] = Guid.NewGuid().ToString(), ["countyCode"] = "140525", ["declaredApprovalLevel"] = "County",
            ["project"] = new JsonObject { ["name"] = project, ["owner"] = "晋城示范能源有限公司", ["type"] = "交通" },
            ["uses"] = new JsonArray(new JsonObject { ["type"] = "Forest", ["areaHa"] = "1,5", ["forestKind"] = "Other", ["forestTerm"] = "Permanent" }),
            ["boundary"] = CaseDriver.Square(),
        };

        var answer = await applicant.PostAsJsonAsync($"/api/cases?culture={culture}", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith(message, problem.GetProperty("errors").GetProperty("uses[0].areaHa")[0].GetString());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM cases WHERE project_name = '{project}'"));
    }

    private static async Task<HttpResponseMessage> PostUsesAsync(HttpClient client, Guid draft, string culture, string forestArea)
    {
        var form = await client.GetStringAsync($"/portal/drafts/{draft}/uses?culture={culture}");
        return await client.PostAsync($"/portal/drafts/{draft}/uses?culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UseForest"] = "true", ["ForestAreaHa"] = forestArea, ["ForestKind"] = "Other", ["ForestTerm"] = "Permanent",
            ["__RequestVerificationToken"] = SignInAbuseTests.AntiForgeryToken(form),
        }));
    }
}
