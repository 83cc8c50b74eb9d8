using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.UseTypes;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Drafts.SaveDraftUses;

/// <summary>
/// Step 2: the uses requested, each with the facts its rules need (the same as a submitted case's). When
/// the draft already has a boundary its pre-check runs again, since the uses change the routing.
/// </summary>
public sealed record SaveDraftUsesCommand(Guid DraftId, IReadOnlyList<CaseUse> Uses) : ICommand<Guid>;

public sealed class SaveDraftUsesValidator : AbstractValidator<SaveDraftUsesCommand>
{
    public SaveDraftUsesValidator()
    {
        RuleFor(c => c.Uses).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请至少选择一项用途（用地、用矿、用林、用草）", "Choose at least one use (land, minerals, forest land, grassland)"));
        RuleFor(c => c.Uses).Must(u => u is null || u.Select(x => x.Type).Distinct().Count() == u.Count)
            .WithMessage(_ => Bilingual.Text("每种用途只能申请一次", "Each use can be requested once"));
        RuleForEach(c => c.Uses).ChildRules(use =>
        {
            use.RuleFor(u => u.AreaHa).NotNull().GreaterThan(0).LessThan(1_000_000).When(u => u.Type is UseType.Forest or UseType.Grassland)
                .OverridePropertyName("AreaHa")
                .WithMessage(_ => Bilingual.Text("用林、用草须填写面积（公顷，大于 0）", "Forest and grassland use need an area in hectares above 0"));
            use.RuleFor(u => u.AreaHa).GreaterThan(0).LessThan(1_000_000).When(u => u.AreaHa is not null)
                .OverridePropertyName("AreaHa")
                .WithMessage(_ => Bilingual.Text("面积应大于 0 公顷", "The area must be above 0 hectares"));
            use.RuleFor(u => u.ForestKind).NotNull().IsInEnum().When(u => u.Type == UseType.Forest)
                .OverridePropertyName("ForestKind")
                .WithMessage(_ => Bilingual.Text("用林须选择林地类别", "Forest use needs the kind of forest"));
            use.RuleFor(u => u.Mineral).NotEmpty().MaximumLength(50).When(u => u.Type == UseType.Mineral)
                .OverridePropertyName("Mineral")
                .WithMessage(_ => Bilingual.Text("用矿须填写矿种", "Mineral use needs the mineral"));
        });
    }
}

public sealed class SaveDraftUsesHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, IMediator mediator, Approvals.Spatial.Boundaries.BoundaryReader reader)
    : ICommandHandler<SaveDraftUsesCommand, Guid>
{
    public async ValueTask<Guid> Handle(SaveDraftUsesCommand command, CancellationToken ct)
    {
        // The pre-check saves its own record through this context; one transaction keeps the draft and its check together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = await DraftAccess.FindEditableAsync(db, actorAccessor.Current, command.DraftId, ct);
        // Only the fields that belong to each use are kept, so a switched-off use leaves nothing behind.
        draft.Uses = command.Uses.OrderBy(u => u.Type).Select(u => u.Type switch
        {
            UseType.Land => new CaseUse(UseType.Land, u.AreaHa),
            UseType.Mineral => new CaseUse(UseType.Mineral, u.AreaHa, Mineral: u.Mineral?.Trim()),
            UseType.Forest => new CaseUse(UseType.Forest, u.AreaHa, u.ForestKind, u.ForestTerm ?? ForestUseTerm.Permanent),
            _ => new CaseUse(UseType.Grassland, u.AreaHa, BasicGrassland: u.BasicGrassland ?? false),
        }).ToList();
        draft.UpdatedAt = clock.GetUtcNow();
        draft.Version++;
        if (draft.BoundaryComplete) await DraftPreCheck.RunAsync(db, mediator, reader, draft, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return draft.Id;
    }
}
