using Approvals.Application.BaseMaps.GetBaseMapImport;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.BaseMaps.GetRefusedFeaturesReport;

/// <summary>
/// The features an uploaded layer could not store, as CSV (feature id, reason in Chinese, reason in English) in UTF-8
/// with a byte-order mark, so that Excel opens the Chinese as Chinese.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看底图导入", RefusalEn = "Only administrators and the province's supervisors may see base-map imports")]
public sealed record GetRefusedFeaturesReportQuery(Guid ImportId) : IQuery<RefusedFeaturesReport>;

public sealed record RefusedFeaturesReport(string FileName, byte[] Csv);

public sealed class GetRefusedFeaturesReportHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<GetRefusedFeaturesReportQuery, RefusedFeaturesReport>
{
    public async ValueTask<RefusedFeaturesReport> Handle(GetRefusedFeaturesReportQuery query, CancellationToken ct)
    {
        if (!BaseMapImportView.MayView(actor.Current))
            throw new ForbiddenException(Bilingual.Text("只有系统管理员和省级督办人员可以查看底图导入", "Only administrators and the province's supervisors may see base-map imports"));
        var row = await db.Set<BaseMapImport>().AsNoTracking().Where(i => i.Id == query.ImportId)
            .Select(i => new { i.FileName, i.RefusedReport }).SingleOrDefaultAsync(ct);
        if (row?.RefusedReport is null)
            throw new NotFoundException(Bilingual.Text("这次导入没有被拒绝的要素", "This import refused no features"));
        return new RefusedFeaturesReport($"{Path.GetFileNameWithoutExtension(row.FileName)}-refused.csv", row.RefusedReport);
    }
}
