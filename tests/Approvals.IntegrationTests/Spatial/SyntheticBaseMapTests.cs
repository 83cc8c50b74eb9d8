using Approvals.IntegrationTests.Foundation;
using Approvals.IntegrationTests.Infrastructure;

namespace Approvals.IntegrationTests.Spatial;

public sealed class SyntheticBaseMapTests
{
    /// <summary>
    /// Benchmarks and demos compare runs by seed, so two separate processes given the same seed must store the
    /// same features (each process randomises .NET's HashCode, which once seeded the generator).
    /// </summary>
    [Fact]
    public async Task Basemap_generate_with_the_same_seed_stores_the_same_features_in_two_processes()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        var fingerprints = new List<string>();
        foreach (var database in new[] { first, second })
        {
            var (exit, output, error) = await CommandLine.RunAsync("basemap generate --seed 7 --features 300", database.ConnectionString);
            Assert.True(exit == 0, $"generate failed: {output} {error}");
            fingerprints.Add(await database.ScalarAsync<string>(
                "SELECT md5(string_agg(category_code || ':' || coalesce(name, '') || ':' || md5(ST_AsBinary(geometry)), ',' ORDER BY category_code, id)) FROM base_map_features"));
        }

        Assert.Equal(fingerprints[0], fingerprints[1]);
        Assert.Equal(300L, await first.ScalarAsync<long>("SELECT count(*) FROM base_map_features"));
    }
}
