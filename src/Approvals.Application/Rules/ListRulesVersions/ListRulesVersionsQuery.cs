using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.ListRulesVersions;

/// <summary>Every published rules version, newest first: who published it, when, the note, the files it changed and all its files (administrators, the province's supervisors).</summary>
[RequiresRole(Roles.Administrator, Roles.Supervisor, OrSystem = true, RefusalZh = "只有系统管理员和省级督办人员可以查看规则", RefusalEn = "Only administrators and the province's supervisors may see the rules")]
public sealed record ListRulesVersionsQuery : IQuery<IReadOnlyList<RulesVersionRow>>;

public sealed record RulesVersionRow(int Number, bool IsCurrent, string? PublishedBy, DateTimeOffset? PublishedAt, string UploadedBy,
    string? Note, IReadOnlyList<string> ChangedFiles, IReadOnlyList<string> Files);

public sealed class ListRulesVersionsHandler(ApprovalsDbContext db, RulesBook book, ActorAccessor actor) : IQueryHandler<ListRulesVersionsQuery, IReadOnlyList<RulesVersionRow>>
{
    public async ValueTask<IReadOnlyList<RulesVersionRow>> Handle(ListRulesVersionsQuery query, CancellationToken ct)
    {
        RulesReaders.EnsureMayRead(actor.Current);
        var (current, _) = await book.CurrentAsync(db, ct);
        var versions = await db.Set<RulesVersion>().AsNoTracking().Where(v => v.Number != null).OrderByDescending(v => v.Number)
            .ToListAsync(ct);
        return versions.Select(v => new RulesVersionRow(v.Number!.Value, v.Number == current, v.PublishedBy, v.PublishedAt, v.UploadedBy, v.Note,
            v.ChangedFiles, RulesFiles.Ordered(v.Files.Keys).ToList())).ToList();
    }
}
