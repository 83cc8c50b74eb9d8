using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Tasks.AddCaseNote;

/// <summary>
/// Staff write on a case's timeline: a comment (the applicant reads it with the case) or an internal
/// note (seen by staff only, never shown to the applicant).
/// </summary>
[RequiresRole(Roles.Clerk, Roles.Reviewer, Roles.Supervisor, Roles.Administrator, RefusalZh = "只有工作人员可以添加意见或备注", RefusalEn = "Only staff add comments and notes")]
public sealed record AddCaseNoteCommand(Guid CaseId, string Text, bool Internal) : ICommand<long>;

public sealed class AddCaseNoteValidator : AbstractValidator<AddCaseNoteCommand>
{
    public AddCaseNoteValidator()
    {
        RuleFor(c => c.Text).NotEmpty().WithMessage(_ => Bilingual.Text("请填写内容", "Write something"));
        RuleFor(c => c.Text).MaximumLength(2000).WithMessage(_ => Bilingual.Text("内容不能超过 2000 字", "A note is limited to 2000 characters"));
    }
}

public sealed class AddCaseNoteHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock) : ICommandHandler<AddCaseNoteCommand, long>
{
    public async ValueTask<long> Handle(AddCaseNoteCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var c = await CaseAccess.FindVisibleAsync(db, actor, command.CaseId, ct);
        var e = new CaseEvent
        {
            CaseId = c.Id, At = clock.GetUtcNow(), Actor = actor.Name,
            Kind = command.Internal ? "internal-note" : "comment",
            Summary = command.Internal ? "内部备注" : "办理说明",
            SummaryEn = command.Internal ? "Internal note" : "Comment",
            Opinion = command.Text.Trim(), Level = actor.JurisdictionLevel,
            Department = actor.Department is { } d ? Domain.Routing.Wording.Zh(d) : null,
            VisibleToApplicant = !command.Internal,
        };
        db.Set<CaseEvent>().Add(e);
        await db.SaveChangesAsync(ct);
        return e.Id;
    }
}
