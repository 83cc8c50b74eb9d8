using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Drafts.SaveDraftProject;

/// <summary>
/// Step 1 of the guided form: the project, its county and the level that approves the project itself
/// (the pre-check runs again when the draft has a boundary).
/// </summary>
public sealed record SaveDraftProjectCommand(
    Guid DraftId,
    string? CountyCode,
    string? Name,
    string? Code,
    string? Owner,
    string? Type,
    JurisdictionLevel? DeclaredApprovalLevel,
    NationalKeyProjectKind? NationalKeyProject,
    bool InfrastructurePublicOrDefence) : ICommand<Guid>;

public sealed class SaveDraftProjectValidator : AbstractValidator<SaveDraftProjectCommand>
{
    public SaveDraftProjectValidator()
    {
        RuleFor(c => c.Name).IsProjectName();
        RuleFor(c => c.Code).IsProjectCode();
        RuleFor(c => c.Owner).IsProjectOwner();
        RuleFor(c => c.Type).IsProjectType();
        RuleFor(c => c.CountyCode).Must(c => !string.IsNullOrEmpty(c) && Jurisdiction.IsValidCode(c))
            .WithMessage(_ => Bilingual.Text("请选择项目所在县", "Choose the county the project lies in"));
        RuleFor(c => c.DeclaredApprovalLevel).IsDeclaredApprovalLevel();
        RuleFor(c => c.NationalKeyProject).IsInEnum()
            .WithMessage(_ => Bilingual.Text("国家重点建设项目类别不正确", "Unknown kind of national key project"));
    }
}

public sealed class SaveDraftProjectHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, IMediator mediator, BoundaryReader reader)
    : ICommandHandler<SaveDraftProjectCommand, Guid>
{
    public async ValueTask<Guid> Handle(SaveDraftProjectCommand command, CancellationToken ct)
    {
        // The pre-check saves its own record through this context; one transaction keeps the draft and its check together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = await DraftAccess.FindEditableAsync(db, actorAccessor.Current, command.DraftId, ct);
        var county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == command.CountyCode, ct);
        if (county is null || county.Level != JurisdictionLevel.County)
            throw new ValidationException([new ValidationFailure(nameof(command.CountyCode), Bilingual.Text("所选地区不是本省的县级行政区", "The chosen place is not a county of this province"))]);
        draft.CountyCode = county.Code;
        draft.ProjectName = command.Name!.Trim();
        draft.ProjectCode = string.IsNullOrWhiteSpace(command.Code) ? null : command.Code.Trim();
        draft.ProjectOwner = command.Owner!.Trim();
        draft.ProjectType = command.Type!.Trim();
        draft.DeclaredApprovalLevel = command.DeclaredApprovalLevel;
        draft.NationalKeyProject = command.NationalKeyProject;
        draft.InfrastructurePublicOrDefence = command.InfrastructurePublicOrDefence;
        draft.UpdatedAt = clock.GetUtcNow();
        // The declared level and a national key project change the routing the pre-check shows.
        if (draft.BoundaryComplete) await DraftPreCheck.RunAsync(db, mediator, reader, draft, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return draft.Id;
    }
}
