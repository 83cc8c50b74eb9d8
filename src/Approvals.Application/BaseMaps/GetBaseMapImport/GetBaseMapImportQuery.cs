using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.BaseMaps.GetBaseMapImport;

/// <summary>
/// How far one uploaded base-map layer has come: its phase and counters while it runs, how it ended, and whether a
/// report of refused features is there to download. Administrators and the province's supervisors may look (the
/// page polls this every second while an import runs).
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看底图导入", RefusalEn = "Only administrators and the province's supervisors may see base-map imports")]
public sealed record GetBaseMapImportQuery(Guid ImportId) : IQuery<BaseMapImportView>;

/// <param name="Percent">0–100: reading and preparing the features is the first half, writing them the second.</param>
/// <param name="Message">How it ended, in the reader's language; null while queued or running.</param>
/// <param name="HasRefusedReport">True when some features were refused: the CSV at <c>/api/basemaps/imports/{id}/refused.csv</c>.</param>
public sealed record BaseMapImportView(
    Guid Id, string CategoryCode, string FileName, long FileBytes, int? SourceSrid, string? NameField, bool Replace, bool AcceptRefused,
    string UploadedBy, DateTimeOffset UploadedAt, BaseMapImportStatus Status, string StatusText, string Phase, string PhaseText, bool Finished, int Percent,
    int FeaturesInFile, int Prepared, int Written, int Repaired, int Refused,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Message, Guid? LayerId, int? LayerVersion, bool HasRefusedReport)
{
    public static BaseMapImportView Of(BaseMapImport i, bool hasRefusedReport) => new(
        i.Id, i.CategoryCode, i.FileName, i.FileBytes, i.SourceSrid, i.NameField, i.Replace, i.AcceptRefused,
        i.UploadedByName, i.UploadedAt, i.Status, StatusName(i.Status), i.Phase, PhaseName(i.Phase), IsFinished(i.Status), PercentOf(i),
        i.FeaturesInFile, i.Prepared, i.Written, i.Repaired, i.RefusedCount,
        i.StartedAt, i.FinishedAt, i.MessageZh is null ? null : Bilingual.Text(i.MessageZh, i.MessageEn ?? i.MessageZh), i.LayerId, i.LayerVersion, hasRefusedReport);

    public static string StatusName(BaseMapImportStatus status) => status switch
    {
        BaseMapImportStatus.Queued => Bilingual.Text("排队中", "Queued"),
        BaseMapImportStatus.Running => Bilingual.Text("导入中", "Running"),
        BaseMapImportStatus.Completed => Bilingual.Text("已完成", "Completed"),
        BaseMapImportStatus.Refused => Bilingual.Text("已拒绝", "Refused"),
        _ => Bilingual.Text("失败", "Failed"),
    };

    /// <summary>The phases <see cref="BaseMapImportWork"/> and <see cref="ImportBaseMapLayer.BaseMapImportProgress"/> name.</summary>
    public static string PhaseName(string phase) => phase switch
    {
        "queued" => Bilingual.Text("等待后台处理", "Waiting for the background work"),
        "reading" => Bilingual.Text("读取文件", "Reading the file"),
        "preparing" => Bilingual.Text("检查并转换要素", "Checking and transforming the features"),
        "writing" => Bilingual.Text("写入要素", "Writing the features"),
        "indexing" => Bilingual.Text("建立空间索引", "Building the spatial index"),
        "rechecking" => Bilingual.Text("安排受影响案件的复核", "Scheduling the re-checks of affected cases"),
        "finished" => Bilingual.Text("已结束", "Finished"),
        _ => phase,
    };

    public static bool IsFinished(BaseMapImportStatus status) =>
        status is BaseMapImportStatus.Completed or BaseMapImportStatus.Refused or BaseMapImportStatus.Failed;

    private static int PercentOf(BaseMapImport i)
    {
        if (IsFinished(i.Status)) return 100;
        if (i.FeaturesInFile <= 0) return 0;
        var prepared = Math.Min(i.Prepared, i.FeaturesInFile) / (double)i.FeaturesInFile;
        var toWrite = Math.Max(1, i.FeaturesInFile - i.RefusedCount);
        var written = Math.Min(i.Written, toWrite) / (double)toWrite;
        // The index and the re-check scheduling after the last row take a moment too: 99 until the record says it ended.
        return Math.Min(99, (int)Math.Floor(prepared * 50 + written * 50));
    }

    /// <summary>The records without their report's bytes (polled every second: the report is read only when downloaded).</summary>
    public static IQueryable<Row> Rows(IQueryable<BaseMapImport> imports) => imports.Select(i => new Row(new BaseMapImport
    {
        Id = i.Id, CategoryCode = i.CategoryCode, FileName = i.FileName, FileBytes = i.FileBytes, SourceSrid = i.SourceSrid, NameField = i.NameField,
        Replace = i.Replace, AcceptRefused = i.AcceptRefused, UploadedById = i.UploadedById, UploadedByName = i.UploadedByName, UploadedAt = i.UploadedAt,
        Status = i.Status, Phase = i.Phase, FeaturesInFile = i.FeaturesInFile, Prepared = i.Prepared, Written = i.Written, Repaired = i.Repaired,
        RefusedCount = i.RefusedCount, StartedAt = i.StartedAt, FinishedAt = i.FinishedAt, MessageZh = i.MessageZh, MessageEn = i.MessageEn,
        LayerId = i.LayerId, LayerVersion = i.LayerVersion, Attempts = i.Attempts,
    }, i.RefusedReport != null));

    public sealed record Row(BaseMapImport Import, bool HasReport);

    /// <summary>Administrators, the system and supervisors of the whole province (a county's supervisor sees only its cases).</summary>
    public static bool MayView(Actor actor) => actor.Jurisdictions.IsWholeProvince;
}

public sealed class GetBaseMapImportHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<GetBaseMapImportQuery, BaseMapImportView>
{
    public async ValueTask<BaseMapImportView> Handle(GetBaseMapImportQuery query, CancellationToken ct)
    {
        if (!BaseMapImportView.MayView(actor.Current))
            throw new ForbiddenException(Bilingual.Text("只有系统管理员和省级督办人员可以查看底图导入", "Only administrators and the province's supervisors may see base-map imports"));
        var rows = await BaseMapImportView.Rows(db.Set<BaseMapImport>().AsNoTracking().Where(i => i.Id == query.ImportId)).ToListAsync(ct);
        if (rows.Count == 0) throw new NotFoundException(Bilingual.Text("没有这次底图导入", "No such base-map import"));
        return BaseMapImportView.Of(rows[0].Import, rows[0].HasReport);
    }
}
