using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// Runs the case's spatial check as background work: it queues the check (outbox → Hangfire) and waits
/// for the signal the job sends when the report is stored with the case.
/// </summary>
public sealed class SpatialCheckActivity : IActivity
{
    public const string TypeName = "SpatialCheck";
    public const string CompletedSignal = "spatial-check-completed";
    public string Type => TypeName;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var caseId = CaseVariables.CaseIdOf(context);
        context.Services.GetRequiredService<Outbox>().Add(OutboxKinds.CaseSpatialCheck, new CaseSpatialCheckWork(caseId, context.InstanceId));
        return ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(BookmarkRequest.Signal(CompletedSignal, new JsonObject { ["caseId"] = caseId.ToString() })));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, JsonNode? input) =>
        ValueTask.FromResult<ActivityResult>(ActivityResult.Complete());
}
