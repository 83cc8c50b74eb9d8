using System.Text;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>The spatial check's hits decide who reviews: a hit adds the department that guards the category.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class SpatialRoutingTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    private async Task ImportForestAsync(JsonObject polygon)
    {
        var layer = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new JsonObject
            {
                ["type"] = "Feature", ["properties"] = new JsonObject { ["name"] = "泽州县国有林场林地" }, ["geometry"] = polygon,
            }),
        };
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand(
            "FOR", "forest.geojson", Encoding.UTF8.GetBytes(layer.ToJsonString()), null, "name", Replace: false));
    }

    [Fact]
    public async Task A_land_only_application_whose_boundary_covers_forest_land_gets_a_forest_review()
    {
        // Away from where the other tests draw their boundaries (they share the database): a 350 m square
        // boundary whose western 100 m the forest covers (about 3.5 ha: a city-level forest review).
        const double west = 113.15, south = 35.30; // in Zezhou, where the case is filed
        await ImportForestAsync(CaseDriver.Rectangle(west - 0.0011, south - 0.001, 100 + 100, 600));
        var boundary = CaseDriver.Square(west, south, sideMetres: 350);

        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant, uses: new JsonArray(CaseDriver.LandUse()), boundary: boundary);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");

        var forestTask = await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.forest"), id, "Review");
        Assert.Equal("Forest", forestTask.GetProperty("department").GetString());
        await cases.WaitForTaskAsync(await app.SignedInAs("zezhou.land"), id, "Review");

        var c = await cases.CaseAsync(applicant, id);
        Assert.Equal(new[] { "Land", "Forest" }, c.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()!).ToArray());
        var report = JsonNode.Parse(c.GetProperty("spatialReport").GetString()!)!;
        var forest = report["categories"]!.AsArray().Single(x => x!["code"]!.GetValue<string>() == "FOR")!;
        Assert.Equal("intersects", forest["status"]!.GetValue<string>());
    }
}
