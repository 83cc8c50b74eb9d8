using System.Net;
using System.Net.Http.Json;
using Approvals.Application.Attachments.AddAttachment;
using Approvals.Application.Drafts.GetDraft;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.StartDraft;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Portal;
using Approvals.IntegrationTests.Spatial;

namespace Approvals.IntegrationTests.Security;

/// <summary>Passwords everyone tries first are refused wherever a password is set.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class CommonPasswordTests(ApprovalsApp app)
{
    [Theory]
    [InlineData("password123")]
    [InlineData("Aa123456789")]
    [InlineData("qwertyuiop1")]
    [InlineData("Password2026")]
    [InlineData("woaini1314520")]
    public async Task An_applicant_cannot_register_with_a_common_password(string password)
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants", new
        {
            organisationName = "阳泉口令测试有限公司", creditCode = PortalFixtures.NewCreditCode(), displayName = "孔测试",
            email = $"p{Guid.NewGuid():N}@example.cn", phone = "13800000000", password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"password\"", body);
        Assert.Contains("常见", body);
    }

    [Fact]
    public async Task An_administrator_cannot_open_a_staff_account_with_a_common_password()
    {
        var admin = await app.SignedInAs("admin");
        var response = await admin.PostAsJsonAsync("/api/staff", new
        {
            userName = $"weak.{Guid.NewGuid():N}"[..20], displayName = "弱口令", role = "reviewer", jurisdictionCode = "140525",
            department = "Land", password = "1qaz2wsx3edc",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("常见", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_password_of_ones_own_is_accepted()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants", new
        {
            organisationName = "阳泉口令测试有限公司", creditCode = PortalFixtures.NewCreditCode(), displayName = "孔测试",
            email = $"p{Guid.NewGuid():N}@example.cn", phone = "13800000000", password = "Tulip7meadow3",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>An uploaded file's name cannot disguise itself with invisible Unicode formatting characters.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class UploadedFileNameTests(ApprovalsApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => PortalFixtures.EnsureFarmlandAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    // "invoice[U+202E]fdp.exe" shows as "invoiceexe.pdf" where the right-to-left override is honoured.
    private const string Disguised = "invoice\u202Efdp.exe";

    [Fact]
    public async Task A_right_to_left_override_is_removed_from_an_attachment_name()
    {
        var (_, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        var file = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new AddAttachmentCommand(draft, null, "照片\u200B" + Disguised, PortalFixtures.Png())));

        Assert.Equal("照片invoicefdp.exe", file.FileName);
    }

    [Fact]
    public async Task A_right_to_left_override_is_removed_from_a_boundary_file_name()
    {
        var (client, applicant) = await PortalFixtures.NewApplicantAsync(app);
        var draft = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new StartDraftCommand()));
        await PortalFixtures.SendAsync(app, applicant, m => m.Send(new SaveDraftBoundaryCommand(draft, SpatialFixtures.TwoParcelTxtInZone37(), "红线\u202Etxt.exe", null)));
        var saved = await PortalFixtures.SendAsync(app, applicant, m => m.Send(new GetDraftQuery(draft)));
        Assert.Equal("红线txt.exe", saved.BoundaryFileName);

        var upload = new MultipartFormDataContent { { new ByteArrayContent(SpatialFixtures.TwoParcelTxtInZone37()), "file", "红线\u202Etxt.exe" } };
        var check = await client.PostAsync("/api/spatial-checks", upload);
        Assert.Equal(HttpStatusCode.Created, check.StatusCode);
        var report = await check.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\\u202E", report, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\u202E", report, StringComparison.Ordinal); // ordinal: a culture-aware search ignores format characters
        Assert.Contains("txt.exe", report);
    }
}
