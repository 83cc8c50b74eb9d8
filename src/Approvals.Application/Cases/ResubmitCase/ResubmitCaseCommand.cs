using System.Text.Json;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Application.Tasks.CompleteTask;
using Approvals.Domain.Cases;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.ResubmitCase;

/// <summary>
/// The applicant answers a correction request (补正): optionally a new boundary, and a note; the case
/// goes back to where it was returned from and the statutory clock resumes.
/// </summary>
public sealed record ResubmitCaseCommand(Guid CaseId, string? Note, JsonElement? Boundary = null, string? BoundaryText = null, int? BoundarySrid = null)
    : ICommand<CompletedTask>;

public sealed class ResubmitCaseValidator : AbstractValidator<ResubmitCaseCommand>
{
    public ResubmitCaseValidator() =>
        RuleFor(c => c).Must(c => c.Boundary is null || string.IsNullOrWhiteSpace(c.BoundaryText)).OverridePropertyName("boundary")
            .WithMessage(_ => Bilingual.Text("只能提供一份红线", "Give at most one boundary"));
}

public sealed class ResubmitCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, BoundaryReader boundaries, IMediator mediator)
    : ICommandHandler<ResubmitCaseCommand, CompletedTask>
{
    public async ValueTask<CompletedTask> Handle(ResubmitCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var c = await CaseAccess.FindVisibleAsync(db, actor, command.CaseId, ct, track: true);
        var task = await db.Set<ReviewTask>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.CaseId == c.Id && t.Stage == TaskStage.Correction && t.Status == ReviewTaskStatus.Open, ct);
        if (task is null || !task.IsCandidate(actor))
            throw new ConflictException(Bilingual.Text("该案件目前不需要补正", "This case is not waiting for a correction"));

        if (command.Boundary is not null || !string.IsNullOrWhiteSpace(command.BoundaryText))
        {
            CaseBoundary.Read(boundaries, command.Boundary, command.BoundaryText, command.BoundarySrid).ApplyTo(c);
            c.Version++;
            // Saved with the task completion below, in its transaction.
        }
        return await mediator.Send(new CompleteTaskCommand(task.Id, TaskOutcome.Resubmit, command.Note), ct);
    }
}
