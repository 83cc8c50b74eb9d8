using Approvals.Application.WorkflowDefinitions.ListWorkflowDefinitions;
using Approvals.Application.WorkflowDefinitions.RenderWorkflowDiagram;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Pages.Workflows;

[Authorize]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<(WorkflowDefinitionSummary Definition, string Svg)> Definitions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = await mediator.Send(new ListWorkflowDefinitionsQuery(), ct);
        var result = new List<(WorkflowDefinitionSummary, string)>();
        foreach (var d in list)
            result.Add((d, (await mediator.Send(new RenderWorkflowDiagramQuery(d.DefinitionId, d.Version, null), ct)).Content));
        Definitions = result;
    }
}
