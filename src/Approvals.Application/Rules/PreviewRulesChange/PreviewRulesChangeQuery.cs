using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.PreviewRulesChange;

/// <summary>The preview of a stored draft again: its files against the version it was made from (administrators).</summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以预览规则更改", RefusalEn = "Only administrators preview rules changes")]
public sealed record PreviewRulesChangeQuery(Guid DraftId) : IQuery<RulesDraft>;

public sealed class PreviewRulesChangeHandler(ApprovalsDbContext db, RulesBook book, TimeProvider clock) : IQueryHandler<PreviewRulesChangeQuery, RulesDraft>
{
    public async ValueTask<RulesDraft> Handle(PreviewRulesChangeQuery query, CancellationToken ct)
    {
        var draft = await db.Set<RulesVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.Id == query.DraftId && v.Number == null, ct)
            ?? throw new NotFoundException(Bilingual.Text("没有这份规则草稿（可能已发布）", "No such rules draft (it may have been published)"));
        var basedOn = draft.BasedOn ?? (await book.CurrentAsync(db, ct)).Number;
        var before = await book.VersionAsync(db, basedOn, ct);
        var after = ProvinceRules.FromFiles(draft.Files, book.Folder);
        return new RulesDraft(draft.Id, basedOn, draft.ChangedFiles, await RulesChangePreview.ComputeAsync(db, before, after, clock.GetUtcNow(), ct));
    }
}
