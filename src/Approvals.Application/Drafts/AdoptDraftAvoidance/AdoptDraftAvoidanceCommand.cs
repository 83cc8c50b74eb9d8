using System.Text;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Drafts.SaveDraftBoundary;
using Approvals.Application.Drafts.SuggestDraftAvoidance;
using FluentValidation;
using Mediator;

namespace Approvals.Application.Drafts.AdoptDraftAvoidance;

/// <summary>
/// The applicant's one click on an avoidance suggestion: the draft's boundary becomes the clear part or suggested site
/// <see cref="Site"/> (0 = the best), saved through <see cref="SaveDraftBoundaryCommand"/> and pre-checked like any
/// boundary. The suggestion is computed again here, not taken from the browser, so only what the rules suggest is adopted.
/// </summary>
/// <param name="Choice"><c>clear-part</c> or <c>site</c>.</param>
/// <returns>The id of the new pre-check.</returns>
public sealed record AdoptDraftAvoidanceCommand(Guid DraftId, string Choice, int? Site = null) : ICommand<Guid>;

public sealed class AdoptDraftAvoidanceValidator : AbstractValidator<AdoptDraftAvoidanceCommand>
{
    public AdoptDraftAvoidanceValidator()
    {
        RuleFor(c => c.Choice).Must(c => c is "clear-part" or "site")
            .WithMessage(_ => Bilingual.Text("请选择采用可用部分（clear-part）或建议选址（site）", "Choose the clear part (clear-part) or a suggested site (site)"));
        RuleFor(c => c.Site).NotNull().InclusiveBetween(0, 9).When(c => c.Choice == "site")
            .WithMessage(_ => Bilingual.Text("请指明采用第几个建议选址（0 起）", "Say which suggested site to use (from 0)"));
    }
}

public sealed class AdoptDraftAvoidanceHandler(IMediator mediator, ApprovalsDbContext db, ActorAccessor actor) : ICommandHandler<AdoptDraftAvoidanceCommand, Guid>
{
    public async ValueTask<Guid> Handle(AdoptDraftAvoidanceCommand command, CancellationToken ct)
    {
        // A submitted draft (or another's) is refused before anything is computed.
        await DraftAccess.FindEditableAsync(db, actor.Current, command.DraftId, ct);
        var suggestion = (await mediator.Send(new SuggestDraftAvoidanceQuery(command.DraftId), ct)).Avoidance
            ?? throw new ConflictException(Bilingual.Text("该红线未压占禁止占用的类别，无需避让", "The boundary hits nothing prohibited: there is nothing to avoid"));
        var (geometry, name) = command.Choice == "clear-part"
            ? (suggestion.ClearPart?.Geometry ?? throw new ConflictException(Bilingual.Text("红线全部位于禁止占用的范围内，没有可用部分", "The whole boundary lies in prohibited land: no part of it is clear")),
               "avoidance-clear-part.geojson")
            : (command.Site!.Value < suggestion.Sites.Count ? suggestion.Sites[command.Site.Value].Geometry
                : throw new ConflictException(Bilingual.Text("没有这个建议选址（可能底图已更新）：请重新计算避让建议", "There is no such suggested site (the base maps may have changed): compute the suggestions again")),
               $"avoidance-site-{command.Site.Value + 1}.geojson");
        // GeoJSON in EPSG:4490 lon/lat: what the reader takes without an srid.
        return await mediator.Send(new SaveDraftBoundaryCommand(command.DraftId, Encoding.UTF8.GetBytes(geometry.ToJsonString()), name, null), ct);
    }
}
