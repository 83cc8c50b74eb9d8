using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rules.PublishRulesVersion;

/// <summary>
/// An administrator publishes a previewed draft: it becomes the next version, in force for every case routed from
/// now on (on this node at once, on the others within <see cref="RulesBook.RefreshInterval"/>). A case already routed
/// keeps its version. Refused when another version was published after the draft was made: its preview compared
/// with rules no longer in force. Audited as the draft row's change.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以发布规则", RefusalEn = "Only administrators publish rules")]
public sealed record PublishRulesVersionCommand(Guid DraftId, string? Note) : ICommand<PublishedRulesVersion>;

public sealed record PublishedRulesVersion(int Number, IReadOnlyList<string> ChangedFiles, string PublishedBy, DateTimeOffset PublishedAt);

public sealed class PublishRulesVersionValidator : AbstractValidator<PublishRulesVersionCommand>
{
    public PublishRulesVersionValidator()
    {
        RuleFor(c => c.Note).MaximumLength(500)
            .WithMessage(_ => Bilingual.Text("说明不能超过 500 字", "The note may have at most 500 characters"));
    }
}

public sealed class PublishRulesVersionHandler(ApprovalsDbContext db, RulesBook book, ActorAccessor actor, TimeProvider clock)
    : ICommandHandler<PublishRulesVersionCommand, PublishedRulesVersion>
{
    /// <summary>Arbitrary but fixed key of the lock that makes publications take numbers one at a time.</summary>
    private const long PublishLockKey = 0x5255_4C45_5356; // "RULESV"

    public async ValueTask<PublishedRulesVersion> Handle(PublishRulesVersionCommand command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({PublishLockKey})", ct);
        var draft = await db.Set<RulesVersion>().SingleOrDefaultAsync(v => v.Id == command.DraftId, ct)
            ?? throw new NotFoundException(Bilingual.Text("没有这份规则草稿", "No such rules draft"));
        if (draft.Number is { } published)
            throw new ConflictException(Bilingual.Text($"这份草稿已发布为第 {published} 版", $"This draft was published already, as version {published}"));
        var newest = await db.Set<RulesVersion>().Where(v => v.Number != null).MaxAsync(v => v.Number, ct) ?? 0;
        if (draft.BasedOn != newest)
            throw new ConflictException(Bilingual.Text(
                $"草稿基于第 {draft.BasedOn} 版，其后已发布第 {newest} 版；请重新上传并查看预览",
                $"The draft was made from version {draft.BasedOn}, and version {newest} was published since; upload it again and look at the new preview"));

        // Checked again as at start-up: what is published is exactly what was checked and previewed.
        var rules = ProvinceRules.FromFiles(draft.Files, book.Folder);
        draft.Number = newest + 1;
        draft.Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        draft.PublishedBy = actor.Current.Name;
        draft.PublishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        book.Adopt(draft.Number.Value, rules);
        return new PublishedRulesVersion(draft.Number.Value, draft.ChangedFiles, draft.PublishedBy, draft.PublishedAt.Value);
    }
}
