using Approvals.Application.BaseMaps;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Approvals.UnitTests.BaseMaps;

/// <summary>The benchmark's realistic layers: survey categories partition the land, as 三调 parcels do.</summary>
public sealed class RealisticBaseMapsTests
{
    private static BaseMapCategory Category(string code, int order) =>
        new(code, code, code, "", "", Department.Land, JurisdictionLevel.County, BaseMapLevelBasis.Fixed, false, null, null, order);

    [Fact]
    public void Zoning_areas_never_overlap_one_another_and_neighbours_share_their_edges_exactly()
    {
        var features = new SyntheticBaseMaps(4526).GenerateRealistic(Category(BaseMapCodes.LandUseZoning, 6), seed: 1, count: 3_000);
        Assert.Equal(3_000, features.Count);
        var index = new STRtree<Geometry>();
        foreach (var f in features) index.Insert(f.Geometry.EnvelopeInternal, f.Geometry);
        var touching = 0;
        foreach (var f in features)
        {
            Assert.True(f.Geometry.IsValid);
            foreach (var other in index.Query(f.Geometry.EnvelopeInternal).Where(o => !ReferenceEquals(o, f.Geometry)))
            {
                // Zoning covers all the land: neighbours meet along an edge (a line), their interiors never.
                Assert.False(f.Geometry.Relate(other, "T********"), $"{f.SourceId} overlaps another feature");
                if (f.Geometry.Relate(other, "F***1****")) touching++;
            }
        }
        Assert.True(touching > features.Count, $"only {touching} shared edges: the cells do not tile the land");
    }

    [Fact]
    public void Mining_rights_keep_their_overlaps()
    {
        var maps = new SyntheticBaseMaps(4526);
        var category = Category(BaseMapCodes.MineralRights, 12);
        Assert.Equal(maps.Generate(category, 1, 500).Select(f => f.Geometry.AsText()), maps.GenerateRealistic(category, 1, 500).Select(f => f.Geometry.AsText()));
    }
}
