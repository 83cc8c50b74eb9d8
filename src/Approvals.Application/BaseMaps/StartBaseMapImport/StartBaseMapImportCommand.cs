using Approvals.Application.BaseMaps.GetBaseMapImport;
using Approvals.Application.Configuration;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Workflows;
using Approvals.Spatial.Coordinates;
using FluentValidation;
using Mediator;

namespace Approvals.Application.BaseMaps.StartBaseMapImport;

/// <summary>
/// An administrator uploads a base-map layer in the browser: the file and its options are stored with a queued import
/// record, and the import itself runs as background work (<see cref="BaseMapImportWork"/>), so a large file does not
/// hold a web node for minutes. The record and the work's outbox message are written in one transaction.
/// </summary>
/// <param name="AcceptRefused">Import the features that can be stored and list the others; otherwise one refused feature refuses the file.</param>
[RequiresRole(Roles.Administrator, RefusalZh = "只有系统管理员可以上传底图", RefusalEn = "Only administrators may upload base maps")]
public sealed record StartBaseMapImportCommand(
    string CategoryCode, string FileName, byte[] Content, int? SourceSrid, string? NameField, bool Replace, bool AcceptRefused)
    : ICommand<BaseMapImportView>;

public sealed class StartBaseMapImportValidator : AbstractValidator<StartBaseMapImportCommand>
{
    /// <summary>What <see cref="BaseMapSourceReader"/> reads.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".geojson", ".json", ".zip", ".gpkg"];

    /// <summary>The message for a file over <c>Approvals:Limits:LayerUploadBytes</c> (the endpoint says it before reading such a file).</summary>
    public static string TooLarge(long bytes, long limit) => Bilingual.Text(
        $"文件过大（{bytes / 1048576.0:F1} MB）：底图文件最大 {limit / 1048576.0:F1} MB；请拆分后分次导入，或请运维人员调整 Approvals:Limits:LayerUploadBytes",
        $"The file is too large ({bytes / 1048576.0:F1} MB): a base-map file may have at most {limit / 1048576.0:F1} MB; split it and import the parts, or ask the operators to raise Approvals:Limits:LayerUploadBytes");

    public StartBaseMapImportValidator(ProvinceRules rules, ApprovalsOptions options)
    {
        RuleFor(c => c.CategoryCode).Must(code => code is not null && rules.Catalogue.TryGet(code, out _))
            .WithMessage(c => Bilingual.Text(
                $"底图类别“{c.CategoryCode}”不存在，应为 {string.Join("、", rules.Catalogue.Categories.Select(x => x.Code))} 之一",
                $"There is no base-map category \"{c.CategoryCode}\"; use one of {string.Join(", ", rules.Catalogue.Categories.Select(x => x.Code))}"));
        RuleFor(c => c.FileName).Must(name => Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
            .When(c => !string.IsNullOrWhiteSpace(c.FileName)).OverridePropertyName("file")
            .WithMessage(c => Bilingual.Text(
                $"文件“{c.FileName}”的类型不支持：请上传 GeoJSON（.geojson、.json）、压缩的 Shapefile（.zip）或 GeoPackage（.gpkg）",
                $"The file \"{c.FileName}\" is not of a supported kind: upload GeoJSON (.geojson, .json), a zipped Shapefile (.zip) or a GeoPackage (.gpkg)"));
        RuleFor(c => c.FileName).MaximumLength(260).OverridePropertyName("file")
            .WithMessage(_ => Bilingual.Text("文件名过长（最多 260 个字符）", "The file name is too long (at most 260 characters)"));
        RuleFor(c => c.Content).NotEmpty().OverridePropertyName("file")
            .WithMessage(c => string.IsNullOrWhiteSpace(c.FileName) ? Bilingual.Text("请选择要上传的文件", "Choose a file to upload") : Bilingual.Text("文件为空", "The file is empty"));
        RuleFor(c => c.Content).Must(content => content is null || content.LongLength <= options.LayerUploadBytes).OverridePropertyName("file")
            .WithMessage(c => TooLarge(c.Content.LongLength, options.LayerUploadBytes));
        RuleFor(c => c.SourceSrid).Must(s => s is null || Cgcs2000Crs.IsSupported(s.Value))
            .WithMessage(c => Bilingual.Text(
                $"不支持 EPSG:{c.SourceSrid}；支持 4490 及 3 度带 4513–4554",
                $"EPSG:{c.SourceSrid} is not supported; use 4490 or a 3-degree zone 4513–4554"));
        RuleFor(c => c.NameField).MaximumLength(100)
            .WithMessage(_ => Bilingual.Text("名称字段过长（最多 100 个字符）", "The name field is too long (at most 100 characters)"));
    }
}

public sealed class StartBaseMapImportHandler(ApprovalsDbContext db, Outbox outbox, ActorAccessor actor, ProvinceRules rules, TimeProvider clock)
    : ICommandHandler<StartBaseMapImportCommand, BaseMapImportView>
{
    public async ValueTask<BaseMapImportView> Handle(StartBaseMapImportCommand command, CancellationToken ct)
    {
        var uploader = actor.Current;
        var import = new BaseMapImport
        {
            Id = Guid.CreateVersion7(), CategoryCode = rules.Catalogue[command.CategoryCode].Code,
            FileName = Path.GetFileName(command.FileName), FileBytes = command.Content.LongLength,
            SourceSrid = command.SourceSrid, NameField = string.IsNullOrWhiteSpace(command.NameField) ? null : command.NameField.Trim(),
            Replace = command.Replace, AcceptRefused = command.AcceptRefused,
            UploadedById = uploader.UserId!.Value, UploadedByName = uploader.Name, UploadedAt = clock.GetUtcNow(),
            Status = BaseMapImportStatus.Queued, Phase = "queued",
        };
        db.Set<BaseMapImport>().Add(import);
        db.Set<BaseMapImportFile>().Add(new BaseMapImportFile { ImportId = import.Id, Content = command.Content });
        // One SaveChanges, one transaction: the record and its work exist together or not at all.
        outbox.Add(OutboxKinds.BaseMapImport, new BaseMapImportWork.Payload(import.Id));
        await db.SaveChangesAsync(ct);
        return BaseMapImportView.Of(import, hasRefusedReport: false);
    }
}
