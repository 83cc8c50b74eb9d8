using Approvals.Application.Cases;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Diagrams;
using Approvals.Workflows.Runtime;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.WorkflowDefinitions.RenderWorkflowDiagram;

/// <summary>
/// A definition as a diagram (SVG or Mermaid). Given a case, the case's version is drawn with where the
/// case waits now and the activities it has already passed.
/// </summary>
public sealed record RenderWorkflowDiagramQuery(string? DefinitionId, int? Version, Guid? CaseId, string Format = "svg") : IQuery<WorkflowDiagram>;

public sealed record WorkflowDiagram(string ContentType, string Content);

public sealed class RenderWorkflowDiagramHandler(ApprovalsDbContext db, PublishedWorkflows published, ActorAccessor actor)
    : IQueryHandler<RenderWorkflowDiagramQuery, WorkflowDiagram>
{
    public async ValueTask<WorkflowDiagram> Handle(RenderWorkflowDiagramQuery query, CancellationToken ct)
    {
        var catalog = await published.CatalogAsync(db, ct);
        WorkflowDefinition definition;
        IReadOnlyCollection<string> current = [];
        IReadOnlyCollection<string> completed = [];
        if (query.CaseId is { } caseId)
        {
            var c = await CaseAccess.FindVisibleAsync(db, actor.Current, caseId, ct);
            var instance = await db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == c.WorkflowInstanceId, ct);
            definition = catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
            current = WorkflowInstanceState.FromJson(instance.State).ActiveActivityIds().ToList();
            completed = await db.Set<WorkflowJournalRecord>().AsNoTracking()
                .Where(j => j.InstanceId == instance.Id && j.ActivityId != null && j.Event == nameof(JournalEvent.Completed))
                .Select(j => j.ActivityId!).Distinct().ToListAsync(ct);
        }
        else
        {
            var id = query.DefinitionId ?? throw new NotFoundException(Bilingual.Text("请指定流程定义", "Name a workflow definition"));
            definition = (query.Version is { } v ? catalog.TryGet(id, v) : catalog.All.Where(d => d.DefinitionId == id).MaxBy(d => d.Version))
                ?? throw new NotFoundException(Bilingual.Text($"未找到流程定义 {id}", $"No workflow definition {id}"));
        }
        return query.Format == "mermaid"
            ? new WorkflowDiagram("text/plain; charset=utf-8", WorkflowMermaidRenderer.Render(definition, current, completed, Bilingual.English ? ActivityNames.English : null))
            : new WorkflowDiagram("image/svg+xml", WorkflowSvgRenderer.Render(definition, current, completed, Bilingual.English ? ActivityNames.English : null));
    }
}
