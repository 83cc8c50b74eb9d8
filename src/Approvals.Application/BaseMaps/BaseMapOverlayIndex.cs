using Npgsql;

namespace Approvals.Application.BaseMaps;

/// <summary>
/// The overlay index (<c>base_map_feature_parts</c>): the current versions' features cut by
/// ST_Subdivide into small pieces. Rebuilt with its layer at an import and a roll-back, never edited.
/// </summary>
internal static class BaseMapOverlayIndex
{
    /// <summary>Removes the pieces of versions that stop being current (their features stay: stored reports name them).</summary>
    public static async Task RemoveAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> layerIds, CancellationToken ct)
    {
        if (layerIds.Count == 0) return;
        await using var delete = new NpgsqlCommand("DELETE FROM base_map_feature_parts WHERE layer_id = ANY($1)", connection);
        delete.Parameters.Add(new NpgsqlParameter { Value = layerIds.ToArray() });
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Cuts one version's features into pieces, then marks the pieces whose interior meets a piece
    /// of another feature of the same version. Survey layers (三调 parcels, farmland patches, forest
    /// sub-compartments) are planar: their neighbours only touch, nothing is marked, and the overlay
    /// sums piece areas without the pairwise relate test it needs where features overlap. The test is
    /// paid once here instead of in every check.
    /// </summary>
    /// <returns>The number of pieces.</returns>
    public static async Task<int> BuildAsync(NpgsqlConnection connection, Guid layerId, CancellationToken ct)
    {
        int count;
        await using (var parts = new NpgsqlCommand($"""
            INSERT INTO base_map_feature_parts (feature_id, layer_id, category_code, forest_grade, forest_kind, geometry, overlaps_other_feature)
            SELECT f.id, f.layer_id, f.category_code, f.forest_grade, f.forest_kind, d.geom, false
            FROM base_map_features f
            CROSS JOIN LATERAL ST_Subdivide(f.geometry, {BaseMapStorage.SubdivideMaxVertices}) s(g)
            CROSS JOIN LATERAL ST_Dump(s.g) d
            WHERE f.layer_id = $1 AND GeometryType(d.geom) = 'POLYGON'
            ORDER BY f.id
            """, connection))
        {
            parts.CommandTimeout = 0;
            parts.Parameters.Add(new NpgsqlParameter { Value = layerId });
            count = await parts.ExecuteNonQueryAsync(ct);
        }
        await using (var mark = new NpgsqlCommand("""
            UPDATE base_map_feature_parts x SET overlaps_other_feature = true
            WHERE x.layer_id = $1 AND EXISTS (
                SELECT 1 FROM base_map_feature_parts y
                WHERE y.geometry && x.geometry AND y.layer_id = $1 AND y.feature_id <> x.feature_id
                  AND ST_Relate(x.geometry, y.geometry, 'T********'))
            """, connection))
        {
            mark.CommandTimeout = 0;
            mark.Parameters.Add(new NpgsqlParameter { Value = layerId });
            await mark.ExecuteNonQueryAsync(ct);
        }
        return count;
    }
}
