using System.Globalization;
using System.Text.Json;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Routing;
using Approvals.Spatial.Coordinates;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.BaseMaps.ImportBaseMapLayer;

/// <summary>
/// Imports one file as a new version of one category. Everything happens in one transaction (the caller's, when it has
/// one open): a
/// feature that cannot be stored refuses the whole file (each such feature is named with its
/// reason, see <see cref="RefusedFeaturesException"/>), and the previous data stays as it was;
/// with <paramref name="AcceptRefused"/> the features that can be stored are imported and the others listed.
/// </summary>
/// <param name="Replace">Supersede the category's current version(s); otherwise the new version adds to them.</param>
/// <param name="Progress">How far the import is, for large files: the command line prints each <see cref="BaseMapImportProgress.Text"/>,
/// the upload's background work writes the counters to its record.</param>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以导入底图", RefusalEn = "Only administrators may import base maps")]
public sealed record ImportBaseMapLayerCommand(
    string CategoryCode, string FileName, byte[] Content, int? SourceSrid, string? NameField, bool Replace,
    Action<BaseMapImportProgress>? Progress = null, bool AcceptRefused = false) : ICommand<ImportedBaseMapLayer>;

/// <param name="Recheck">The re-checks the new version causes (cases listed for background work), see <see cref="Rechecks.ScheduleLayerRecheck.ScheduleLayerRecheckCommand"/>.</param>
/// <param name="Refused">The features left out (only with <see cref="ImportBaseMapLayerCommand.AcceptRefused"/>).</param>
public sealed record ImportedBaseMapLayer(Guid LayerId, string CategoryCode, int Version, int FeatureCount, int RepairedCount, IReadOnlyList<Guid> Superseded,
    Rechecks.ScheduleLayerRecheck.ScheduledRecheck? Recheck = null, IReadOnlyList<RefusedFeature>? Refused = null);

/// <summary>
/// Where an import is: its phase (reading, preparing, writing, indexing, rechecking) and its counters so far.
/// </summary>
/// <param name="Text">A line for a person (the command line prints it), or null for a tick of the counters only.</param>
public sealed record BaseMapImportProgress(string Phase, int FeaturesInFile, int Prepared, int Written, int Repaired, int Refused, string? Text);

/// <summary>
/// Features of the file cannot be stored, so nothing was imported: a validation failure (400, the first features named
/// in its messages) that also carries every refused feature, for the report of an upload.
/// </summary>
public sealed class RefusedFeaturesException(IReadOnlyList<RefusedFeature> refused, IEnumerable<ValidationFailure> failures) : ValidationException(failures)
{
    public IReadOnlyList<RefusedFeature> Refused { get; } = refused;
}

public sealed class ImportBaseMapLayerValidator : AbstractValidator<ImportBaseMapLayerCommand>
{
    public ImportBaseMapLayerValidator(ProvinceRules rules)
    {
        RuleFor(c => c.CategoryCode).Must(code => code is not null && rules.Catalogue.TryGet(code, out _))
            .WithMessage(c => Bilingual.Text(
                $"底图类别“{c.CategoryCode}”不存在，应为 {string.Join("、", rules.Catalogue.Categories.Select(x => x.Code))} 之一",
                $"There is no base-map category \"{c.CategoryCode}\"; use one of {string.Join(", ", rules.Catalogue.Categories.Select(x => x.Code))}"));
        RuleFor(c => c.Content).NotEmpty().WithMessage(_ => Bilingual.Text("文件为空", "The file is empty"));
        RuleFor(c => c.SourceSrid).Must(s => s is null || Cgcs2000Crs.IsSupported(s.Value))
            .WithMessage(c => Bilingual.Text(
                $"不支持 EPSG:{c.SourceSrid}；支持 4490 及 3 度带 4513–4554",
                $"EPSG:{c.SourceSrid} is not supported; use 4490 or a 3-degree zone 4513–4554"));
    }
}

public sealed class ImportBaseMapLayerHandler(ApprovalsDbContext db, ProvinceRules rules, ActorAccessor actor, IConfiguration configuration, TimeProvider clock, IMediator mediator)
    : ICommandHandler<ImportBaseMapLayerCommand, ImportedBaseMapLayer>
{
    /// <summary>At most this many refused features are listed; the count says how many there were.</summary>
    private const int MaxListedRefusals = 50;

    public async ValueTask<ImportedBaseMapLayer> Handle(ImportBaseMapLayerCommand command, CancellationToken ct)
    {
        var category = rules.Catalogue[command.CategoryCode];
        var storageSrid = BaseMapStorage.StorageSrid(configuration);

        SourceLayer source;
        try
        {
            source = BaseMapSourceReader.Read(command.Content, command.FileName, command.SourceSrid);
        }
        catch (UnreadableSourceException e)
        {
            throw new ValidationException([new ValidationFailure("File", Bilingual.Text(e.MessageZh, e.MessageEn)) { CustomState = new BilingualText(e.MessageZh, e.MessageEn) }]);
        }
        var total = source.Features.Count;
        command.Progress?.Invoke(new("preparing", total, 0, 0, 0, 0, $"{command.FileName}: {total:N0} features ({source.Format}, EPSG:{source.Srid})"));

        var drafts = new List<BaseMapFeatureDraft>(source.Features.Count);
        var refused = new List<RefusedFeature>();
        var repaired = 0;
        for (var i = 0; i < source.Features.Count; i++)
        {
            var f = source.Features[i];
            var draft = Prepare(f, source.Srid, storageSrid, command.NameField, out var wasRepaired, out var refusal);
            if (draft is null) refused.Add(new RefusedFeature(f.Id, refusal!.Value.Zh, refusal.Value.En));
            else drafts.Add(draft);
            if (wasRepaired) repaired++;
            // Counters every thousand features (cheap: the listener throttles what it writes), a line every ten thousand.
            if ((i + 1) % 1_000 == 0)
                command.Progress?.Invoke(new("preparing", total, i + 1, 0, repaired, refused.Count,
                    (i + 1) % 10_000 == 0 ? $"{i + 1:N0} / {total:N0} features prepared" : null));
        }
        command.Progress?.Invoke(new("preparing", total, total, 0, repaired, refused.Count, null));
        if (refused.Count > 0 && (!command.AcceptRefused || drafts.Count == 0))
        {
            var failures = refused.Take(MaxListedRefusals).Select(r => new ValidationFailure($"Features[{r.FeatureId}]",
                Bilingual.Text($"要素 {r.FeatureId}：{r.ReasonZh}", $"Feature {r.FeatureId}: {r.ReasonEn}"))).ToList();
            failures.Insert(0, new ValidationFailure("File", Bilingual.Text(
                $"有 {refused.Count} 个要素无法导入，整个文件未导入，原有数据不变",
                $"{refused.Count} feature(s) cannot be imported; nothing was imported and the previous data is unchanged")));
            throw new RefusedFeaturesException(refused, failures);
        }
        if (drafts.Count == 0)
            throw new ValidationException([new ValidationFailure("File", Bilingual.Text("文件中没有要素", "The file has no features")) { CustomState = new BilingualText("文件中没有要素", "The file has no features") }]);

        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        // The upload's background work opens the transaction itself, so that its record says "completed" in the same commit.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var (layer, superseded) = await BaseMapLoader.AddLayerAsync(db, actor.Current, clock.GetUtcNow(), storageSrid,
            new LayerDraft(category.Code, command.FileName, source.Format, source.Srid, drafts, repaired, null, command.Replace),
            (phase, written, text) => command.Progress?.Invoke(new(phase, total, total, written, repaired, refused.Count, text)), ct);
        // In the import's transaction: the new version and the re-checks it causes commit together, or neither does.
        var recheck = await mediator.Send(new Rechecks.ScheduleLayerRecheck.ScheduleLayerRecheckCommand(category.Code, superseded, [layer.Id]), ct);
        if (recheck.RecheckId is not null)
            command.Progress?.Invoke(new("rechecking", total, total, drafts.Count, repaired, refused.Count,
                $"{recheck.ChangedFeatures:N0} features changed: {recheck.OpenCases:N0} open case(s) to check again, {recheck.DecidedCases:N0} decided case(s) listed"));
        if (tx is not null) await tx.CommitAsync(ct);
        return new ImportedBaseMapLayer(layer.Id, layer.CategoryCode, layer.Version, layer.FeatureCount, repaired, superseded, recheck, refused);
    }

    private static BaseMapFeatureDraft? Prepare(SourceFeature feature, int sourceSrid, int storageSrid, string? nameField, out bool repaired, out (string Zh, string En)? refusal)
    {
        repaired = false;
        refusal = null;
        if (feature.Geometry is null || feature.Geometry.IsEmpty)
        {
            refusal = ("几何为空", "the geometry is empty");
            return null;
        }
        NetTopologySuite.Geometries.Geometry transformed;
        try
        {
            transformed = CoordinateTransformer.Transform(feature.Geometry, sourceSrid, storageSrid);
        }
        catch (Exception e) when (e is UnsupportedCrsException or ArgumentException or InvalidOperationException)
        {
            refusal = ($"坐标转换失败：{e.Message}", $"the coordinates cannot be transformed: {e.Message}");
            return null;
        }
        var geometry = BaseMapGeometry.Normalise(transformed, storageSrid, out repaired, out refusal);
        if (geometry is null) return null;

        var attributes = feature.Attributes.ToDictionary(a => a.Key, a => a.Value is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : a.Value);
        string? name = null;
        if (nameField is not null && attributes.TryGetValue(nameField, out var named)) name = Convert.ToString(named, CultureInfo.InvariantCulture);
        name ??= new[] { "name", "名称", "NAME", "MC", "mc" }.Select(k => attributes.TryGetValue(k, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        string json;
        try
        {
            json = JsonSerializer.Serialize(attributes, Approvals.Application.SpatialChecks.ComparisonReport.JsonOptions);
        }
        catch (NotSupportedException)
        {
            json = JsonSerializer.Serialize(attributes.ToDictionary(a => a.Key, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture)), Approvals.Application.SpatialChecks.ComparisonReport.JsonOptions);
        }
        return new BaseMapFeatureDraft(feature.Id, name, json, ForestAttributes.Grade(attributes), ForestAttributes.Kind(attributes), geometry);
    }
}
