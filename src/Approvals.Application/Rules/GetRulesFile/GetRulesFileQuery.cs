using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.GetRulesFile;

/// <summary>One file of a published rules version as it was published (to read, or to change and upload again).</summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看规则", RefusalEn = "Only administrators and the province's supervisors may see the rules")]
public sealed record GetRulesFileQuery(int Version, string FileName) : IQuery<RulesFileContent>;

public sealed record RulesFileContent(int Version, string FileName, string Content);

public sealed class GetRulesFileHandler(ApprovalsDbContext db, ActorAccessor actor) : IQueryHandler<GetRulesFileQuery, RulesFileContent>
{
    public async ValueTask<RulesFileContent> Handle(GetRulesFileQuery query, CancellationToken ct)
    {
        RulesReaders.EnsureMayRead(actor.Current);
        var files = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number == query.Version).Select(v => v.Files).SingleOrDefaultAsync(ct);
        return files is not null && files.TryGetValue(query.FileName, out var content)
            ? new RulesFileContent(query.Version, query.FileName, content)
            : throw new NotFoundException(Bilingual.Text($"第 {query.Version} 版规则中没有 {query.FileName}", $"Rules version {query.Version} has no {query.FileName}"));
    }
}
