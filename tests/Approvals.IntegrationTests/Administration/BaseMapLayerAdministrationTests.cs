using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Administration;

/// <summary>Base-map versions in the administration console: who sees them, and rolling a category back.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class BaseMapLayerAdministrationTests(ApprovalsApp app)
{
    private const string Category = "IMD";

    private async Task<ImportedBaseMapLayer> ImportAsync(string fileName, double west, bool replace)
    {
        const double south = 35.70;
        var ring = string.Create(CultureInfo.InvariantCulture, $"[[{west},{south}],[{west + 0.01},{south}],[{west + 0.01},{south + 0.01}],[{west},{south + 0.01}],[{west},{south}]]");
        var geojson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"压覆区 " + fileName + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}]}";
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(Category, fileName, Encoding.UTF8.GetBytes(geojson), 4490, "name", replace));
    }

    [Fact]
    public async Task Rolling_back_makes_the_older_version_current_again_in_the_overlay_index_and_the_audit_trail()
    {
        var older = await ImportAsync("imd-older.geojson", 112.70, replace: true);
        var newer = await ImportAsync("imd-newer.geojson", 112.80, replace: true);
        var admin = await app.SignedInAs("admin");

        var response = await admin.PostAsync($"/api/basemaps/layers/{older.LayerId}/roll-back", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await app.Database.ScalarAsync<bool>($"SELECT is_current FROM base_map_layers WHERE id = '{older.LayerId}'"));
        Assert.False(await app.Database.ScalarAsync<bool>($"SELECT is_current FROM base_map_layers WHERE id = '{newer.LayerId}'"));
        Assert.True(await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_feature_parts WHERE layer_id = '{older.LayerId}'") > 0);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_feature_parts WHERE layer_id = '{newer.LayerId}'"));
        Assert.Equal(2L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE entity_type = 'BaseMapLayer' AND entity_id IN ('{older.LayerId}', '{newer.LayerId}') AND action = 'Modified' AND actor_name = 'admin'"));
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/basemaps/versions");
        var imd = versions.EnumerateArray().Single(c => c.GetProperty("code").GetString() == Category).GetProperty("versions").EnumerateArray().ToList();
        Assert.True(imd.Single(v => v.GetProperty("id").GetGuid() == older.LayerId).GetProperty("isCurrent").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/basemaps/layers/{older.LayerId}/roll-back", null)).StatusCode);

        // And forward again: nothing was deleted.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/basemaps/layers/{newer.LayerId}/roll-back", null)).StatusCode);
        Assert.True(await app.Database.ScalarAsync<long>($"SELECT count(*) FROM base_map_feature_parts WHERE layer_id = '{newer.LayerId}'") > 0);
    }

    [Fact]
    public async Task A_supervisor_sees_the_versions_but_cannot_roll_back()
    {
        var layer = await ImportAsync("imd-supervised.geojson", 112.90, replace: false);
        var supervisor = await app.SignedInAs("shanxi.supervisor");

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/basemaps/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/admin/layers")).StatusCode);
        Assert.DoesNotContain("回退到此版本", await supervisor.GetStringAsync("/admin/layers"));
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/basemaps/layers/{layer.LayerId}/roll-back", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAs("zezhou.land")).GetAsync("/api/basemaps/versions")).StatusCode);
    }
}
