using Approvals.Application.BaseMaps.GetBaseMapImport;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.BaseMaps.ListBaseMapImports;

/// <summary>The most recent base-map uploads, newest first, with their status (administrators, the province's supervisors).</summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看底图导入", RefusalEn = "Only administrators and the province's supervisors may see base-map imports")]
public sealed record ListBaseMapImportsQuery(int Take = 20) : IQuery<IReadOnlyList<BaseMapImportView>>;

public sealed class ListBaseMapImportsHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<ListBaseMapImportsQuery, IReadOnlyList<BaseMapImportView>>
{
    public async ValueTask<IReadOnlyList<BaseMapImportView>> Handle(ListBaseMapImportsQuery query, CancellationToken ct)
    {
        if (!BaseMapImportView.MayView(actor.Current))
            throw new ForbiddenException(Bilingual.Text("只有系统管理员和省级督办人员可以查看底图导入", "Only administrators and the province's supervisors may see base-map imports"));
        var rows = await BaseMapImportView.Rows(db.Set<BaseMapImport>().AsNoTracking()
            .OrderByDescending(i => i.UploadedAt).Take(Math.Clamp(query.Take, 1, 200))).ToListAsync(ct);
        return rows.Select(r => BaseMapImportView.Of(r.Import, r.HasReport)).ToList();
    }
}
