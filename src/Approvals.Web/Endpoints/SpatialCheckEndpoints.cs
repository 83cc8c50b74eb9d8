using System.Text.Json;
using Approvals.Application.Localization;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Application.SpatialChecks.GetSpatialCheck;
using Approvals.Spatial.Boundaries;
using Approvals.Spatial.Coordinates;
using Mediator;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Approvals.Web.Endpoints;

/// <summary>
/// The spatial check over HTTP: POST a boundary (a file upload in field "file", or a GeoJSON body),
/// read the stored report back, and the map layers (GeoJSON in EPSG:4490 lon/lat) of the boundary
/// and of the features it hit.
/// </summary>
public static class SpatialCheckEndpoints
{
    public static IEndpointRouteBuilder MapSpatialCheckEndpoints(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("/api/spatial-checks").WithTags("Spatial checks").RequireAuthorization();
        // Read by hand rather than bound: the body may be a multipart upload or GeoJSON, and a bad one
        // must become a 400 that names parcel, ring and point. The session cookie is SameSite=Strict,
        // which keeps cross-site posts out, as for the rest of the JSON API.
        checks.MapPost("/", CreateAsync).DisableAntiforgery().RequireRateLimiting(Hosting.RateLimits.SpatialChecks)
            .WithSummary("Checks a boundary (multipart field \"file\" or a GeoJSON body; optional srid) against the 15 base-map categories and stores the report. Limited per user (429 with Retry-After).");
        checks.MapGet("/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
                Results.Text((await m.Send(new GetSpatialCheckQuery(id), ct)).ReportJson, "application/json"))
            .WithSummary("A stored comparison report: a case's for whoever may see the case, a draft's for its organisation, an ad-hoc one for its creator (and administrators).");
        checks.MapGet("/{id:guid}/boundary", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var map = await m.Send(new GetSpatialCheckMapQuery(id), ct);
                return GeoJson([new Feature(map.Boundary, new AttributesTable { { "kind", "boundary" } })], map.Srid);
            })
            .WithSummary("The checked boundary as GeoJSON (EPSG:4490 lon/lat).");
        checks.MapGet("/{id:guid}/hits", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var map = await m.Send(new GetSpatialCheckMapQuery(id), ct);
                return GeoJson(map.Hits.Select(h => new Feature(h.Geometry, new AttributesTable
                {
                    { "id", h.Id }, { "category", h.CategoryCode }, { "name", h.Name }, { "overlapM2", h.OverlapM2 },
                })), map.Srid);
            })
            .WithSummary("The features the boundary hit, cut to the map window, as GeoJSON (EPSG:4490 lon/lat).");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IMediator mediator, BoundaryReader reader, CancellationToken ct)
    {
        var upload = await BoundaryUpload.ReadAsync(request, reader, ct);
        if (upload.Problem is not null) return upload.Problem;
        var read = reader.Read(upload.Content!, upload.FileName, upload.Srid);
        if (!read.Succeeded) return BoundaryUpload.Refused(read.Errors);
        var result = await mediator.Send(new CheckBoundaryCommand(read.Boundary!, upload.FileName), ct);
        return result.Id is { } id ? new CreatedJson($"/api/spatial-checks/{id}", result.Json) : Results.Text(result.Json, "application/json");
    }

    private static IResult GeoJson(IEnumerable<IFeature> features, int storageSrid)
    {
        var collection = new FeatureCollection();
        foreach (var f in features)
            collection.Add(new Feature(CoordinateTransformer.Transform(f.Geometry, storageSrid, Cgcs2000Crs.GeographicSrid), f.Attributes));
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return Results.Text(JsonSerializer.Serialize(collection, options), "application/geo+json");
    }

    private sealed class CreatedJson(string location, string json) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status201Created;
            http.Response.Headers.Location = location;
            http.Response.ContentType = "application/json; charset=utf-8";
            return http.Response.WriteAsync(json);
        }
    }
}

/// <summary>
/// Gets a boundary file out of a request (upload or body) and turns reader errors into a 400. The file is read
/// once, into one array, and refused as soon as it proves larger than the configured limit
/// (<c>Approvals:Limits:BoundaryFileBytes</c>, held by the <see cref="BoundaryReader"/>).
/// </summary>
public static class BoundaryUpload
{
    public sealed record Upload(byte[]? Content, string? FileName, int? Srid, IResult? Problem);

    public static async Task<Upload> ReadAsync(HttpRequest request, BoundaryReader reader, CancellationToken ct)
    {
        int? srid = null;
        var sridText = request.Query["srid"].FirstOrDefault();
        BoundaryFileContent content;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            sridText ??= form["srid"].FirstOrDefault();
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
                return new Upload(null, null, null, Field("file", Bilingual.Text("请上传红线文件（字段 file）", "Upload a boundary file (field \"file\")")));
            fileName = Path.GetFileName(file.FileName);
            content = await ReadFileAsync(file, reader, ct);
        }
        else
        {
            content = await reader.ReadContentAsync(request.Body, request.ContentLength, ct);
            if (content.Content is { Length: 0 })
                return new Upload(null, null, null, Field("file", Bilingual.Text("请求中没有红线（上传文件或提交 GeoJSON）", "The request holds no boundary (upload a file or send GeoJSON)")));
        }
        if (content.Error is { } tooLarge) return new Upload(null, null, null, Refused([tooLarge]));
        if (!string.IsNullOrWhiteSpace(sridText))
        {
            if (!int.TryParse(sridText, out var parsed) || !Cgcs2000Crs.IsSupported(parsed))
                return new Upload(null, null, null, Field("srid", Bilingual.Text(
                    $"不支持的坐标系“{sridText}”；支持 4490 及 3 度带 4513–4554",
                    $"Unsupported coordinate system \"{sridText}\"; use 4490 or a 3-degree zone 4513–4554")));
            srid = parsed;
        }
        return new Upload(content.Content, fileName, srid, null);
    }

    /// <summary>An uploaded form file's bytes, read once; a file over the limit is refused by its stated length before it is read.</summary>
    public static async Task<BoundaryFileContent> ReadFileAsync(IFormFile file, BoundaryReader reader, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        return await reader.ReadContentAsync(stream, file.Length, ct);
    }

    /// <summary>A 400 problem listing every boundary error in the user's language, and each one's place.</summary>
    public static IResult Refused(IReadOnlyList<BoundaryError> errors) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { ["file"] = errors.Select(e => Bilingual.Text(e.MessageZh, e.MessageEn)).ToArray() },
            title: Bilingual.Text("红线文件有误，未进行分析", "The boundary file has errors; nothing was checked"),
            extensions: new Dictionary<string, object?>
            {
                ["boundaryErrors"] = errors.Select(e => new
                {
                    code = e.Code, parcel = e.ParcelNumber, parcelName = e.ParcelName, ring = e.Ring, point = e.PointName,
                    pointIndex = e.PointIndex, line = e.Line, message = Bilingual.Text(e.MessageZh, e.MessageEn),
                    messageZh = e.MessageZh, messageEn = e.MessageEn,
                }).ToList(),
            });

    private static IResult Field(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: Bilingual.Text("提交的内容有误，请按提示修改", "Some of the input is not valid; correct it as shown"));
}
