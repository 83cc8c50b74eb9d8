using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Organisations;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Spatial;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Portal;

/// <summary>Applicants of organisations of their own, documents and base maps for the portal's tests.</summary>
public static class PortalFixtures
{
    /// <summary>A credit code with a correct check character, different on every call.</summary>
    public static string NewCreditCode()
    {
        var digits = Random.Shared.NextInt64(0, 1_000_000_000).ToString("D9");
        var first17 = "91140500" + digits;
        return first17 + CreditCode.CheckCharacter(first17);
    }

    /// <summary>The smallest PDF a reader opens.</summary>
    public static byte[] Pdf() => "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    /// <summary>A 1 × 1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>The documents every application needs by the shipped rules file (申请表, 项目批准文件, 勘测定界图), as typed uploads.</summary>
    public static readonly (string Type, string FileName)[] CommonDocuments =
        [("application-form", "申请表.pdf"), ("project-approval", "项目核准文件.pdf"), ("survey-map", "勘测定界图.pdf")];

    /// <summary>Attaches <see cref="CommonDocuments"/> to a draft.</summary>
    public static async Task AttachCommonDocumentsAsync(ApprovalsApp app, Actor applicant, Guid draft)
    {
        foreach (var (type, name) in CommonDocuments)
            await SendAsync(app, applicant, m => m.Send(new Approvals.Application.Attachments.AddAttachment.AddAttachmentCommand(draft, null, name, Pdf(), type)));
    }

    /// <summary>Registers an applicant of a new organisation through the API and returns its signed-in client and actor.</summary>
    public static async Task<(HttpClient Client, Actor Actor)> NewApplicantAsync(ApprovalsApp app)
    {
        var client = app.Anonymous();
        var email = $"a{Guid.NewGuid():N}@example.cn";
        var registered = await client.PostAsJsonAsync("/api/applicants", new
        {
            organisationName = "太原测试建设有限公司", creditCode = NewCreditCode(), displayName = "李测试", email, phone = "13800000000", password = ApprovalsApp.Password,
        });
        registered.EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = email, password = ApprovalsApp.Password })).EnsureSuccessStatusCode();
        return (client, await ActorOfAsync(client));
    }

    /// <summary>The actor a signed-in client acts as, for sending commands in the host's own services.</summary>
    public static async Task<Actor> ActorOfAsync(HttpClient client)
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return new Actor(me.GetProperty("id").GetGuid(), me.GetProperty("userName").GetString()!, me.GetProperty("role").GetString(), null, null, null,
            me.GetProperty("organisationId").ValueKind == JsonValueKind.Null ? null : me.GetProperty("organisationId").GetGuid());
    }

    /// <summary>Sends a command or query as <paramref name="actor"/> in a scope of the web host.</summary>
    public static async Task<T> SendAsync<T>(ApprovalsApp app, Actor actor, Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = actor;
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    /// <summary>Loads permanent basic farmland around the spatial fixtures' origin (once per host database).</summary>
    public static async Task EnsureFarmlandAsync(ApprovalsApp app)
    {
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM base_map_layers WHERE category_code = 'PBF'") > 0) return;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        // Test classes of the web-host collection run one after another, so nobody loads it meanwhile.
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            BaseMapCodes.PermanentBasicFarmland, "pbf.geojson", SpatialFixtures.Farmland(), SpatialFixtures.StorageSrid, null, false));
    }
}
