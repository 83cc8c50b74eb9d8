using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Approvals.Application.BaseMaps;

/// <summary>What one layer version is made of, before it is stored.</summary>
/// <param name="Coverage">Where the version speaks; null: the convex hull of its features.</param>
public sealed record LayerDraft(
    string CategoryCode, string SourceFileName, string SourceFormat, int SourceSrid,
    IReadOnlyList<BaseMapFeatureDraft> Features, int RepairedCount, MultiPolygon? Coverage, bool Replace);

/// <summary>How far the loader is: its phase (writing, indexing), the features written so far, and now and then a line for a person.</summary>
public delegate void LoaderProgress(string phase, int written, string? text);

/// <summary>
/// Stores layer versions inside the caller's transaction. The layer row goes through EF (so the
/// audit trail records the import, and any version it supersedes); the features go by binary COPY
/// on the same connection, bypassing change tracking; the overlay index is cut by ST_Subdivide in
/// the database.
/// </summary>
internal static class BaseMapLoader
{
    public static async Task<(BaseMapLayer Layer, IReadOnlyList<Guid> Superseded)> AddLayerAsync(
        ApprovalsDbContext db, Actor actor, DateTimeOffset now, int storageSrid, LayerDraft draft, LoaderProgress? progress, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A layer is stored inside the caller's transaction.");
        var code = draft.CategoryCode;
        // Two imports of one category would otherwise pick the same version number.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"base_map:" + code}))", ct);
        var version = (await db.BaseMapLayers.Where(l => l.CategoryCode == code).MaxAsync(l => (int?)l.Version, ct) ?? 0) + 1;
        var superseded = draft.Replace
            ? await db.BaseMapLayers.Where(l => l.CategoryCode == code && l.IsCurrent).ToListAsync(ct)
            : [];

        var factory = new GeometryFactory(new PrecisionModel(), storageSrid);
        var envelope = new Envelope();
        foreach (var f in draft.Features) envelope.ExpandToInclude(f.Geometry.EnvelopeInternal);
        var layer = new BaseMapLayer
        {
            Id = Guid.CreateVersion7(), CategoryCode = code, Version = version,
            SourceFileName = draft.SourceFileName, SourceFormat = draft.SourceFormat, SourceSrid = draft.SourceSrid,
            ImportedById = actor.UserId, ImportedByName = actor.Name, ImportedAt = now,
            FeatureCount = draft.Features.Count, RepairedCount = draft.RepairedCount,
            Extent = envelope.IsNull ? null : factory.CreatePolygon(
            [
                new(envelope.MinX, envelope.MinY), new(envelope.MaxX, envelope.MinY), new(envelope.MaxX, envelope.MaxY),
                new(envelope.MinX, envelope.MaxY), new(envelope.MinX, envelope.MinY),
            ]),
            Coverage = draft.Coverage ?? ConvexHullOf(draft.Features, factory),
            IsCurrent = true,
        };
        foreach (var old in superseded)
        {
            old.IsCurrent = false;
            old.SupersededAt = now;
            old.SupersededById = layer.Id;
        }
        db.BaseMapLayers.Add(layer);
        await db.SaveChangesAsync(ct);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // The superseded versions keep their features (stored reports name them) but leave the overlay index.
        await BaseMapOverlayIndex.RemoveAsync(connection, superseded.Select(s => s.Id).ToList(), ct);

        // Rows written in spatial order (5 km tiles) keep neighbours on neighbouring pages, so one check
        // reads a few pages per category instead of one page per feature.
        var ordered = draft.Features
            .OrderBy(f => Math.Floor(f.Geometry.EnvelopeInternal.Centre.Y / 5_000))
            .ThenBy(f => Math.Floor(f.Geometry.EnvelopeInternal.Centre.X / 5_000))
            .ToList();
        await CopyFeaturesAsync(connection, layer, ordered, progress, ct);
        progress?.Invoke("indexing", draft.Features.Count, null);
        var pieces = await BaseMapOverlayIndex.BuildAsync(connection, layer.Id, ct);
        progress?.Invoke("indexing", draft.Features.Count, $"{code} v{version}: {draft.Features.Count:N0} features, {pieces:N0} index pieces");
        return (layer, superseded.Select(s => s.Id).ToList());
    }

    private static async Task CopyFeaturesAsync(NpgsqlConnection connection, BaseMapLayer layer, IReadOnlyList<BaseMapFeatureDraft> features, LoaderProgress? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY base_map_features (layer_id, category_code, source_id, name, attributes, forest_grade, forest_kind, geometry, area_m2) FROM STDIN (FORMAT BINARY)", ct);
        var written = 0;
        foreach (var f in features)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(layer.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(layer.CategoryCode, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, Truncate(f.SourceId, 200), NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, Truncate(f.Name, 400), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(f.AttributesJson, NpgsqlDbType.Jsonb, ct);
            await WriteNullableAsync(writer, f.ForestGrade, NpgsqlDbType.Smallint, ct);
            await WriteNullableAsync(writer, f.ForestKind, NpgsqlDbType.Smallint, ct);
            await writer.WriteAsync((Geometry)f.Geometry, NpgsqlDbType.Geometry, ct);
            await writer.WriteAsync(f.Geometry.Area, NpgsqlDbType.Double, ct);
            if (++written % 1_000 == 0)
                progress?.Invoke("writing", written, written % 50_000 == 0 ? $"{layer.CategoryCode}: {written:N0} / {features.Count:N0} features written" : null);
        }
        await writer.CompleteAsync(ct);
        progress?.Invoke("writing", written, null);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await writer.WriteNullAsync(ct);
        else await writer.WriteAsync(value, type, ct);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is null) await writer.WriteNullAsync(ct);
        else await writer.WriteAsync(value.Value, type, ct);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static MultiPolygon ConvexHullOf(IReadOnlyList<BaseMapFeatureDraft> features, GeometryFactory factory)
    {
        if (features.Count == 0) return factory.CreateMultiPolygon();
        // Hull of hulls: the same result, without handing every vertex of every feature to one hull at once.
        var points = features.SelectMany(f => f.Geometry.ConvexHull().Coordinates).ToArray();
        var hull = new ConvexHull(points, factory).GetConvexHull();
        return hull is Polygon p ? factory.CreateMultiPolygon([p]) : factory.CreateMultiPolygon();
    }
}
