using Approvals.Application.Configuration;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks.Avoidance;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using Mediator;
using NetTopologySuite.Operation.Union;

namespace Approvals.Application.SpatialChecks.SuggestAvoidance;

/// <summary>
/// Avoidance suggestions for a boundary given as such (<c>approvals check --suggest</c>, the benchmark): null when nothing
/// it hits prohibits the project. Whoever may run a spatial check may ask; nothing is stored.
/// </summary>
/// <param name="Boundary">A boundary from <see cref="BoundaryReader"/>, in the storage CRS.</param>
public sealed record SuggestAvoidanceQuery(Boundary Boundary, IReadOnlyList<UseRequest>? Uses = null, string? CountyCode = null)
    : IQuery<AvoidanceSuggestions?>;

public sealed class SuggestAvoidanceHandler(ApprovalsDbContext db, ProvinceRules rules, ApprovalsOptions options, ActorAccessor actorAccessor)
    : IQueryHandler<SuggestAvoidanceQuery, AvoidanceSuggestions?>
{
    public async ValueTask<AvoidanceSuggestions?> Handle(SuggestAvoidanceQuery query, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsAuthenticated && !actor.IsSystem)
            throw new ForbiddenException(Bilingual.Text("请先登录再进行落图分析", "Sign in to run a spatial check"));
        var boundary = query.Boundary;
        var union = CheckBoundaryHandler.AsMultiPolygon(UnaryUnionOp.Union(boundary.Parcels.Select(p => p.Geometry).ToList()), boundary.StorageSrid);
        var parcels = boundary.Parcels.Select(p => new AvoidanceParcel(p.Number, p.Name, p.Geometry)).ToList();
        return await AvoidanceSearch.SuggestAsync(db, rules, options.Avoidance, union, parcels, query.Uses, query.CountyCode, ct);
    }
}
