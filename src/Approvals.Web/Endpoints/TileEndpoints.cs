using Approvals.Application.Maps;
using Approvals.Application.Maps.GetBaseMapTile;
using Approvals.Application.Maps.GetCaseTile;
using Approvals.Application.Maps.FindCasesOnMap;
using System.Text.Json;
using Approvals.Application.Jurisdictions.GetJurisdictionOutlines;
using Mediator;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using Microsoft.Net.Http.Headers;

namespace Approvals.Web.Endpoints;

/// <summary>
/// Vector tiles made by PostGIS for the maps: the base maps (staff only) and the cases the caller may see.
/// An empty tile is a 204.
/// </summary>
public static class TileEndpoints
{
    public static IEndpointRouteBuilder MapTileEndpoints(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").RequireAuthorization().WithTags("Map tiles");
        tiles.MapGet("/basemaps/{z:int}/{x:int}/{y:int}.mvt", async (int z, int x, int y, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var tile = await m.Send(new GetBaseMapTileQuery(new TileAddress(z, x, y), http.Request.Headers.IfNoneMatch.ToString()), ct);
                // Kept by browsers and proxies, but asked again each time (the answer is a 304 until the next import
                // changes the tag), so an import shows at once and a signed-out caller gets nothing from a cache.
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.Vary = HeaderNames.Cookie;
                http.Response.Headers.ETag = tile.ETag;
                return Answer(tile);
            })
            .WithSummary("A Mapbox Vector Tile of the current base maps: one layer per category code (PBF, EPR, …), features with id, name, category and key attributes, or the category's coverage outline (kind=coverage) below the zoom its features start at. Staff only.")
            .Produces(StatusCodes.Status200OK, contentType: VectorTile.ContentType).Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status304NotModified);
        tiles.MapGet("/cases/{z:int}/{x:int}/{y:int}.mvt", async (int z, int x, int y, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var tile = await m.Send(new GetCaseTileQuery(new TileAddress(z, x, y)), ct);
                http.Response.Headers.CacheControl = "private, no-store";
                return Answer(tile);
            })
            .WithSummary("A Mapbox Vector Tile of the cases the caller may see (layer \"cases\": id, number, project, status, county, uses, decidingLevel, areaM2, submitted).")
            .Produces(StatusCodes.Status200OK, contentType: VectorTile.ContentType).Produces(StatusCodes.Status204NoContent);
        app.MapGet("/api/map/cases", (string? q, IMediator m, CancellationToken ct) => m.Send(new FindCasesOnMapQuery(q ?? ""), ct))
            .RequireAuthorization().WithTags("Map tiles")
            .WithSummary("The map's search: up to ten cases the caller may see whose number or project contains q, with their extent in lon/lat.");
        app.MapGet("/api/jurisdictions/outlines", async (HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var collection = new FeatureCollection();
                foreach (var o in await m.Send(new GetJurisdictionOutlinesQuery(), ct))
                    collection.Add(new Feature(o.Geometry, new AttributesTable { { "code", o.Code }, { "name", o.Name }, { "level", o.Level }, { "parent", o.ParentCode } }));
                var options = new JsonSerializerOptions();
                options.Converters.Add(new GeoJsonConverterFactory());
                // Public data, but only for signed-in users: a browser may keep it a few minutes, a shared cache not at all.
                http.Response.Headers.CacheControl = "private, max-age=300";
                return Results.Text(JsonSerializer.Serialize(collection, options), "application/geo+json");
            })
            .RequireAuthorization().WithTags("Map tiles")
            .WithSummary("County and city outlines (GeoJSON, EPSG:4490 lon/lat; code, name, level, parent): public administrative data for any signed-in user, applicants included.");
        return app;
    }

    private static IResult Answer(VectorTile tile) =>
        tile.NotModified ? Results.StatusCode(StatusCodes.Status304NotModified)
        : tile.IsEmpty ? Results.NoContent()
        : Results.Bytes(tile.Content, VectorTile.ContentType);
}
