using System.Diagnostics;
using System.Text.Json.Nodes;
using Approvals.Application.BaseMaps;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Npgsql;

namespace Approvals.Application.SpatialChecks.CheckBoundary;

/// <summary>
/// Overlays a validated boundary on the 15 base-map categories and produces the comparison report.
/// </summary>
/// <param name="Boundary">A boundary from <see cref="BoundaryReader"/>, in the storage CRS.</param>
/// <param name="SourceFileName">The uploaded file's name, kept with the stored check.</param>
/// <param name="Uses">The uses the case asks for; without them the check assumes a county-approved land use, so the report's level is what the hits imply.</param>
/// <param name="Store">False to only compute (benchmarks); a stored check can be read back by its id.</param>
/// <param name="CaseId">The case the check is run for (the workflow's step): the stored check is then read under the case's access rule.</param>
/// <param name="CountyCode">The county the application names: the report then says how much of the boundary lies outside it.</param>
public sealed record CheckBoundaryCommand(
    Boundary Boundary,
    string? SourceFileName = null,
    IReadOnlyList<UseRequest>? Uses = null,
    bool Store = true,
    Guid? CaseId = null,
    string? CountyCode = null) : ICommand<SpatialCheckResult>;

/// <param name="Id">The stored check's id, or null when not stored.</param>
/// <param name="Json">The report as stored and served (camelCase JSON).</param>
public sealed record SpatialCheckResult(Guid? Id, ComparisonReport Report, string Json);

public sealed class CheckBoundaryValidator : AbstractValidator<CheckBoundaryCommand>
{
    public CheckBoundaryValidator(IConfiguration configuration)
    {
        var srid = BaseMapStorage.StorageSrid(configuration);
        RuleFor(c => c.Boundary).NotNull()
            .WithMessage(_ => Bilingual.Text("请提供红线", "Provide a boundary"));
        RuleFor(c => c.Boundary.Parcels).NotEmpty().When(c => c.Boundary is not null)
            .WithMessage(_ => Bilingual.Text("红线中没有地块", "The boundary has no parcels"));
        RuleFor(c => c.Boundary.StorageSrid).Equal(srid).When(c => c.Boundary is not null)
            .WithMessage(_ => Bilingual.Text($"红线坐标系应为存储坐标系 EPSG:{srid}", $"The boundary must be in the storage CRS EPSG:{srid}"));
        RuleFor(c => c.SourceFileName).MaximumLength(400);
    }
}

public sealed class CheckBoundaryHandler(
    ApprovalsDbContext db, ProvinceRules rules, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<CheckBoundaryCommand, SpatialCheckResult>
{
    public async ValueTask<SpatialCheckResult> Handle(CheckBoundaryCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsAuthenticated && !actor.IsSystem)
            throw new ForbiddenException(Bilingual.Text("请先登录再进行落图分析", "Sign in to run a spatial check"));

        var started = Stopwatch.GetTimestamp();
        var boundary = command.Boundary;
        var union = AsMultiPolygon(UnaryUnionOp.Union(boundary.Parcels.Select(p => p.Geometry).ToList()), boundary.StorageSrid);
        var countyFit = await CountyFit.MeasureAsync(db, command.CountyCode, union, ct);

        await db.Database.OpenConnectionAsync(ct);
        IReadOnlyDictionary<string, CategoryOverlay> overlay;
        List<ReportLayer> layers;
        try
        {
            // Read in the caller's transaction when there is one, so the layers named are those the overlay saw.
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            overlay = await SpatialOverlay.RunAsync(connection, union, rules.Catalogue.Categories.Select(c => c.Code).ToList(), ct);
            layers = await db.BaseMapLayers.AsNoTracking().Where(l => l.IsCurrent)
                .Select(l => new ReportLayer { Code = l.CategoryCode, LayerId = l.Id, Version = l.Version, ImportedAt = l.ImportedAt, SourceFile = l.SourceFileName })
                .ToListAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var id = command.Store ? Guid.CreateVersion7() : (Guid?)null;
        var now = clock.GetUtcNow();
        var sourceFileName = command.SourceFileName is null ? null : Uploads.UploadedFileName.Clean(command.SourceFileName, "boundary");
        var report = ComparisonReports.Build(rules, boundary, union, overlay, command.Uses, id, now, sourceFileName, countyFit);
        var order = rules.Catalogue.Categories.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);
        report = report with
        {
            ElapsedMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2),
            Layers = layers.OrderBy(l => order.GetValueOrDefault(l.Code, int.MaxValue)).ThenBy(l => l.Version).ToList(),
        };
        var json = report.ToJson();

        if (id is { } checkId)
        {
            db.SpatialChecks.Add(new SpatialCheck
            {
                Id = checkId, CreatedById = actor.UserId, CreatedByName = actor.Name, CreatedAt = now, CaseId = command.CaseId,
                SourceFileName = sourceFileName, Boundary = union, AreaM2 = union.Area,
                RequiredLevel = report.RequiredLevel, Report = json,
            });
            await db.SaveChangesAsync(ct);
        }
        return new SpatialCheckResult(id, report, json);
    }

    internal static MultiPolygon AsMultiPolygon(Geometry geometry, int srid)
    {
        var factory = new GeometryFactory(new PrecisionModel(), srid);
        var polygons = new List<Polygon>();
        for (var i = 0; i < geometry.NumGeometries; i++)
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } p) polygons.Add(p);
        return factory.CreateMultiPolygon(polygons.Select(p => (Polygon)factory.CreateGeometry(p)).ToArray());
    }
}

/// <summary>Turns the overlay's numbers into the report: statuses, areas in three units, routing and findings.</summary>
internal static class ComparisonReports
{
    /// <summary>Below this an overlap is floating-point noise from clipping along a shared edge (m²).</summary>
    private const double NoiseM2 = 0.005;

    public static ComparisonReport Build(
        ProvinceRules rules, Boundary boundary, Geometry union, IReadOnlyDictionary<string, CategoryOverlay> overlay,
        IReadOnlyList<UseRequest>? requestedUses, Guid? id, DateTimeOffset now, string? sourceFileName, CountyFit? countyFit = null)
    {
        IReadOnlyList<UseRequest> uses = requestedUses is { Count: > 0 } ? requestedUses : [new LandUseRequest(JurisdictionLevel.County)];
        var projectArea = union.Area;
        var hits = new List<SpatialHit>();
        var measured = new List<(BaseMapCategory Category, CategoryOverlay Overlay, double Overlap, double CoveredShare, string Status)>();
        foreach (var category in rules.Catalogue.Categories)
        {
            var o = overlay.TryGetValue(category.Code, out var found) ? found : new CategoryOverlay(category.Code, 0, 0, 0, [], []);
            var overlap = o.OverlapM2 > NoiseM2 ? o.OverlapM2 : 0;
            var coveredShare = projectArea > 0 ? Math.Min(1, o.CoveredM2 / projectArea) : 0;
            var status = o.Failed ? CategoryStatus.Failed
                : overlap > 0 ? CategoryStatus.Intersects
                : o.CurrentLayers > 0 && coveredShare >= 1 - 1e-9 ? CategoryStatus.Clear
                : CategoryStatus.NoCoverage;
            if (overlap > 0) hits.AddRange(HitsOf(category, o, overlap));
            measured.Add((category, o, overlap, coveredShare, status));
        }

        // One routing decision for the whole report: the verdict, each row's level and the explanation all come from it.
        var decision = rules.Routing.Decide(new CaseRoutingInput(uses, hits));
        var categories = measured.Select(m =>
        {
            var (category, o, overlap, coveredShare, status) = m;
            // A row's level is what the hit on that category itself requires (as its reason says), not its department's overall level.
            var level = decision.LevelOfCategory(category.Code)
                ?? (category.ForwardsToNational ? JurisdictionLevel.National : category.RequiredLevel);
            var area = Area.FromSquareMetres(overlap);
            return new CategoryResult
            {
                Code = category.Code, Name = category.Name, NameEn = category.NameEn, Status = status,
                OverlapM2 = area.RoundedSquareMetres, OverlapHa = area.RoundedHectares, OverlapMu = area.RoundedMu,
                PercentOfProject = projectArea > 0 ? Math.Round((decimal)(overlap / projectArea * 100), 2, MidpointRounding.AwayFromZero) : 0,
                CoveredPercent = Math.Round((decimal)(coveredShare * 100), 2, MidpointRounding.AwayFromZero),
                Effect = category.Effect, EffectEn = category.EffectEn,
                Department = Word(category.Department), RequiredLevel = Word(level),
                Features = o.Features.Where(f => f.OverlapM2 > NoiseM2).Select(f => new FeatureHit
                {
                    Id = f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = f.Name,
                    OverlapM2 = Area.FromSquareMetres(f.OverlapM2).RoundedSquareMetres,
                    Attributes = JsonNode.Parse(f.Attributes) as JsonObject ?? [],
                }).ToList(),
            };
        }).ToList();

        // Reasons start with one per requested use; the rest come from the hits.
        var hitReasons = decision.Reasons.Skip(uses.Count).ToList();
        var findings = hitReasons.Concat(decision.Findings.Select(f => f.Text)).Distinct().ToList();
        var levelReasons = decision.LevelReasons;
        var warnings = new List<BilingualText>();
        if (countyFit is { Fits: false }) warnings.Add(countyFit.Message);
        warnings.AddRange(DeclaredUseWarnings(rules, uses, categories));
        var projectAreaValue = Area.FromSquareMetres(projectArea);
        return new ComparisonReport
        {
            Id = id, CheckedAt = now, SourceFileName = sourceFileName,
            Boundary = new ReportBoundary
            {
                Srid = boundary.StorageSrid, SourceSrid = boundary.SourceSrid, Format = boundary.Format.ToString(),
                AreaM2 = projectAreaValue.RoundedSquareMetres, AreaHa = projectAreaValue.RoundedHectares, AreaMu = projectAreaValue.RoundedMu,
                AreaMismatch = boundary.HasAreaMismatch,
                Parcels = boundary.Parcels.Select(p => new ReportParcel
                {
                    Name = p.Name, Number = p.Number,
                    AreaM2 = Area.FromSquareMetres(p.AreaM2).RoundedSquareMetres, AreaHa = Area.FromSquareMetres(p.AreaM2).RoundedHectares,
                    DeclaredAreaHa = p.DeclaredAreaHa is { } ha ? (decimal)ha : null,
                    AreaMismatch = p.DeclaredAreaMismatch, DeclaredUse = p.DeclaredUse,
                }).ToList(),
            },
            Categories = categories,
            RequiredDepartments = decision.RequiredDepartments.Select(Word).ToList(),
            RequiredLevel = Word(decision.RequiredLevel),
            DecidingLevel = Word(decision.DecidingLevel),
            ForwardToNational = decision.ForwardToNational,
            Prohibited = decision.IsProhibited,
            Findings = findings.Select(f => f.Zh).ToList(),
            FindingsEn = findings.Select(f => f.En).ToList(),
            LevelReasons = levelReasons.Select(r => r.Zh).ToList(),
            LevelReasonsEn = levelReasons.Select(r => r.En).ToList(),
            Warnings = warnings.Select(w => w.Zh).ToList(),
            WarningsEn = warnings.Select(w => w.En).ToList(),
            County = countyFit is null ? null : new ReportCounty
            {
                Code = countyFit.County.Code, Name = countyFit.County.Name, NameEn = countyFit.County.NameEn,
                OutsideM2 = countyFit.Outside.RoundedSquareMetres, OutsideHa = countyFit.Outside.RoundedHectares,
                AppearsInCode = countyFit.AppearsIn?.Code, AppearsInName = countyFit.AppearsIn?.Name, AppearsInNameEn = countyFit.AppearsIn?.NameEn,
            },
        };
    }

    /// <summary>
    /// A declared forest use the boundary cannot hold: no forest land under the boundary at all, or less than the area
    /// declared. Only where the forest layer covers the boundary; without data nothing can be said but that.
    /// </summary>
    private static IEnumerable<BilingualText> DeclaredUseWarnings(ProvinceRules rules, IReadOnlyList<UseRequest> uses, IReadOnlyList<CategoryResult> categories)
    {
        var forestCategory = rules.Catalogue.Categories.FirstOrDefault(c => c.LevelBasis == BaseMapLevelBasis.ForestArea);
        if (forestCategory is null) yield break;
        var row = categories.Single(c => c.Code == forestCategory.Code);
        foreach (var forest in uses.OfType<ForestUseRequest>())
        {
            var declared = forest.Area;
            if (row.Status == CategoryStatus.Clear)
            {
                yield return new BilingualText(
                    $"申请用林 {declared.HectaresText} 公顷，但红线范围内没有{forestCategory.Name}：请核对申请用途或红线",
                    $"{declared.HectaresText} ha of forest-land use is declared, but the boundary holds no {forestCategory.NameEn}. Check the uses or the boundary");
            }
            else if (row.Status == CategoryStatus.Intersects && declared.Hectares > row.OverlapHa * 1.01m)
            {
                yield return new BilingualText(
                    $"申请用林 {declared.HectaresText} 公顷，超过红线范围内的{forestCategory.Name} {Area.FromHectares(row.OverlapHa).HectaresText} 公顷：请核对申请面积",
                    $"{declared.HectaresText} ha of forest-land use is declared, more than the {Area.FromHectares(row.OverlapHa).HectaresText} ha of {forestCategory.NameEn} the boundary holds. Check the declared area");
            }
            else if (row.Status is CategoryStatus.NoCoverage or CategoryStatus.Failed)
            {
                yield return new BilingualText(
                    $"申请用林 {declared.HectaresText} 公顷，但红线范围缺少{forestCategory.Name}底图数据，无法核对",
                    $"{declared.HectaresText} ha of forest-land use is declared, but the {forestCategory.NameEn} base map does not cover the boundary, so it cannot be checked");
            }
        }
    }

    /// <summary>
    /// One hit with the category's union overlap; forest land is split by (grade, kind) as routing
    /// wants it. Further features' attributes ride along on zero-area hits so that, e.g., a nature
    /// reserve's core zone is seen even when it is not the first feature hit.
    /// </summary>
    private static List<SpatialHit> HitsOf(BaseMapCategory category, CategoryOverlay o, double overlap)
    {
        var hits = new List<SpatialHit>();
        if (category.LevelBasis == BaseMapLevelBasis.ForestArea)
        {
            var classes = o.ForestClasses.Where(c => c.OverlapM2 > NoiseM2).ToList();
            foreach (var c in classes)
                hits.Add(new SpatialHit(category.Code, Area.FromSquareMetres(Math.Min(c.OverlapM2, overlap)), GradeOf(c.ForestGrade), KindOf(c.ForestKind)));
            var rest = overlap - classes.Sum(c => c.OverlapM2);
            if (rest > NoiseM2 || hits.Count == 0) hits.Add(new SpatialHit(category.Code, Area.FromSquareMetres(Math.Max(rest, hits.Count == 0 ? overlap : rest))));
            return hits;
        }

        var features = o.Features.Where(f => f.OverlapM2 > NoiseM2).ToList();
        hits.Add(new SpatialHit(category.Code, Area.FromSquareMetres(overlap), Attributes: features.Count > 0 ? AttributesOf(features[0].Attributes) : null));
        foreach (var f in features.Skip(1))
            hits.Add(new SpatialHit(category.Code, Area.Zero, Attributes: AttributesOf(f.Attributes)));
        return hits;
    }

    private static ForestProtectionGrade? GradeOf(short? grade) =>
        grade is >= 1 and <= 4 ? (ForestProtectionGrade)grade.Value : null;

    private static ForestKind? KindOf(short? kind) =>
        kind is >= 1 and <= 3 ? (ForestKind)kind.Value : null;

    private static Dictionary<string, string> AttributesOf(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonNode.Parse(json) is JsonObject o)
            foreach (var (key, value) in o)
                if (value is not null) result[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        return result;
    }

    /// <summary>The routing decision <see cref="Build"/> reports, with its findings' categories (avoidance needs them).</summary>
    public static RoutingDecision Decide(ProvinceRules rules, IReadOnlyDictionary<string, CategoryOverlay> overlay, IReadOnlyList<UseRequest>? requestedUses)
    {
        IReadOnlyList<UseRequest> uses = requestedUses is { Count: > 0 } ? requestedUses : [new LandUseRequest(JurisdictionLevel.County)];
        var hits = new List<SpatialHit>();
        foreach (var category in rules.Catalogue.Categories)
            if (overlay.TryGetValue(category.Code, out var o) && o.OverlapM2 > NoiseM2) hits.AddRange(HitsOf(category, o, o.OverlapM2));
        return rules.Routing.Decide(new CaseRoutingInput(uses, hits));
    }

    public static string Word(JurisdictionLevel level) => level.ToString().ToLowerInvariant();

    public static string Word(Department department) => department.ToString().ToLowerInvariant();
}
