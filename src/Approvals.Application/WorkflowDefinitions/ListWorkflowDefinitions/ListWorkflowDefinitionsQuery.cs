using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Mediator;

namespace Approvals.Application.WorkflowDefinitions.ListWorkflowDefinitions;

/// <summary>Every published definition version, named in the reader's language where the definition gives English names.</summary>
public sealed record ListWorkflowDefinitionsQuery : IQuery<IReadOnlyList<WorkflowDefinitionSummary>>;

public sealed record WorkflowDefinitionSummary(string DefinitionId, int Version, string Name, string? Description, int Activities, int Connections, bool IsLatest);

public sealed class ListWorkflowDefinitionsHandler(ApprovalsDbContext db, PublishedWorkflows published)
    : IQueryHandler<ListWorkflowDefinitionsQuery, IReadOnlyList<WorkflowDefinitionSummary>>
{
    public async ValueTask<IReadOnlyList<WorkflowDefinitionSummary>> Handle(ListWorkflowDefinitionsQuery query, CancellationToken ct)
    {
        var catalog = await published.CatalogAsync(db, ct);
        return catalog.All.Select(d => new WorkflowDefinitionSummary(d.DefinitionId, d.Version, d.DisplayName(Bilingual.English), d.DisplayDescription(Bilingual.English),
            d.Activities.Count, d.Connections.Count, catalog.Latest(d.DefinitionId).Version == d.Version)).ToList();
    }
}
