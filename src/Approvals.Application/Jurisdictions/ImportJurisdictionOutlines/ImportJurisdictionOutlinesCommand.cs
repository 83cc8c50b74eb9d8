using System.Globalization;
using Approvals.Application.BaseMaps;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Spatial.Coordinates;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NetTopologySuite.Geometries;

namespace Approvals.Application.Jurisdictions.ImportJurisdictionOutlines;

/// <summary>
/// Imports county and city outlines (GeoJSON, zipped Shapefile, GeoPackage), each row keyed by the six-digit code in
/// <paramref name="CodeField"/>. One transaction: a row that cannot be stored (no code, a code that is not a county or
/// city of this system, the same code twice, a geometry that is not a valid polygon) refuses the whole file, each such
/// row named with its reason, and the outlines stay as they were. An imported outline replaces that code's outline;
/// outlines of codes not in the file stay.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以导入行政区划界线", RefusalEn = "Only administrators may import jurisdiction outlines")]
public sealed record ImportJurisdictionOutlinesCommand(string FileName, byte[] Content, int? SourceSrid, string CodeField)
    : ICommand<ImportedJurisdictionOutlines>;

/// <param name="Codes">The codes whose outline was written, in file order.</param>
public sealed record ImportedJurisdictionOutlines(IReadOnlyList<string> Codes, int Replaced);

public sealed class ImportJurisdictionOutlinesValidator : AbstractValidator<ImportJurisdictionOutlinesCommand>
{
    public ImportJurisdictionOutlinesValidator()
    {
        RuleFor(c => c.Content).NotEmpty().WithMessage(_ => Bilingual.Text("文件为空", "The file is empty"));
        RuleFor(c => c.CodeField).NotEmpty().WithMessage(_ => Bilingual.Text("请指明存放行政区划代码的字段（--code-field）", "Name the attribute holding the six-digit code (--code-field)"));
        RuleFor(c => c.SourceSrid).Must(s => s is null || Cgcs2000Crs.IsSupported(s.Value))
            .WithMessage(c => Bilingual.Text(
                $"不支持 EPSG:{c.SourceSrid}；支持 4490 及 3 度带 4513–4554",
                $"EPSG:{c.SourceSrid} is not supported; use 4490 or a 3-degree zone 4513–4554"));
    }
}

public sealed class ImportJurisdictionOutlinesHandler(ApprovalsDbContext db, IConfiguration configuration, TimeProvider clock)
    : ICommandHandler<ImportJurisdictionOutlinesCommand, ImportedJurisdictionOutlines>
{
    private const int MaxListedRefusals = 50;

    public async ValueTask<ImportedJurisdictionOutlines> Handle(ImportJurisdictionOutlinesCommand command, CancellationToken ct)
    {
        var storageSrid = BaseMapStorage.StorageSrid(configuration);
        SourceLayer source;
        try
        {
            source = BaseMapSourceReader.Read(command.Content, command.FileName, command.SourceSrid);
        }
        catch (UnreadableSourceException e)
        {
            throw new ValidationException([new ValidationFailure("File", Bilingual.Text(e.MessageZh, e.MessageEn))]);
        }

        var known = await db.Jurisdictions.AsNoTracking()
            .Where(j => j.Level == JurisdictionLevel.County || j.Level == JurisdictionLevel.City)
            .ToDictionaryAsync(j => j.Code, ct);
        var outlines = new List<(string Code, MultiPolygon Geometry)>();
        var refused = new List<RefusedFeature>();
        foreach (var f in source.Features)
        {
            var outline = Prepare(f, command.CodeField, source.Srid, storageSrid, known, outlines, out var reason);
            if (outline is { } o) outlines.Add(o);
            else refused.Add(new RefusedFeature(f.Id, reason!.Value.Zh, reason.Value.En));
        }
        if (refused.Count > 0)
        {
            var failures = refused.Take(MaxListedRefusals).Select(r => new ValidationFailure($"Features[{r.FeatureId}]",
                Bilingual.Text($"要素 {r.FeatureId}：{r.ReasonZh}", $"Feature {r.FeatureId}: {r.ReasonEn}"))).ToList();
            failures.Insert(0, new ValidationFailure("File", Bilingual.Text(
                $"有 {refused.Count} 个要素无法导入，整个文件未导入，原有界线不变",
                $"{refused.Count} feature(s) cannot be imported; nothing was imported and the outlines are unchanged")));
            throw new ValidationException(failures);
        }
        if (outlines.Count == 0)
            throw new ValidationException([new ValidationFailure("File", Bilingual.Text("文件中没有要素", "The file has no features"))]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var codes = outlines.Select(o => o.Code).ToList();
        var existing = await db.Set<JurisdictionOutline>().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, ct);
        var now = clock.GetUtcNow();
        foreach (var (code, geometry) in outlines)
        {
            if (existing.TryGetValue(code, out var row))
            {
                row.Geometry = geometry;
                row.Source = command.FileName;
                row.ImportedAt = now;
            }
            else db.Add(new JurisdictionOutline { Code = code, Geometry = geometry, Source = command.FileName, ImportedAt = now });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ImportedJurisdictionOutlines(codes, existing.Count);
    }

    private static (string Code, MultiPolygon Geometry)? Prepare(SourceFeature feature, string codeField, int sourceSrid, int storageSrid,
        IReadOnlyDictionary<string, Jurisdiction> known, List<(string Code, MultiPolygon Geometry)> accepted, out (string Zh, string En)? refusal)
    {
        refusal = null;
        var value = feature.Attributes.FirstOrDefault(a => string.Equals(a.Key, codeField, StringComparison.OrdinalIgnoreCase)).Value;
        var code = value switch
        {
            null => null,
            double d => d.ToString("0", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim(),
        };
        if (string.IsNullOrEmpty(code))
        {
            refusal = ($"没有字段“{codeField}”或其值为空", $"the attribute \"{codeField}\" is missing or empty");
            return null;
        }
        if (!known.ContainsKey(code))
        {
            refusal = ($"行政区划代码“{code}”不是本系统登记的县或市", $"the code \"{code}\" is not a county or city this system knows");
            return null;
        }
        if (accepted.Any(a => a.Code == code))
        {
            refusal = ($"行政区划代码“{code}”在文件中出现多次", $"the code \"{code}\" appears more than once in the file");
            return null;
        }
        if (feature.Geometry is null || feature.Geometry.IsEmpty)
        {
            refusal = ("几何为空", "the geometry is empty");
            return null;
        }
        // An invalid outline is refused, not repaired: the county check is only as good as the outline.
        if (!feature.Geometry.IsValid)
        {
            refusal = ("几何无效（自相交或环不闭合），请在源数据中修正", "the geometry is invalid (self-intersecting or not closed); correct it in the source data");
            return null;
        }
        Geometry transformed;
        try
        {
            transformed = CoordinateTransformer.Transform(feature.Geometry, sourceSrid, storageSrid);
        }
        catch (Exception e) when (e is UnsupportedCrsException or ArgumentException or InvalidOperationException)
        {
            refusal = ($"坐标转换失败：{e.Message}", $"the coordinates cannot be transformed: {e.Message}");
            return null;
        }
        var geometry = BaseMapGeometry.Normalise(transformed, storageSrid, out var repaired, out refusal);
        if (geometry is null) return null;
        if (repaired)
        {
            refusal = ("几何无效（自相交或环不闭合），请在源数据中修正", "the geometry is invalid (self-intersecting or not closed); correct it in the source data");
            return null;
        }
        return (code, geometry);
    }
}
