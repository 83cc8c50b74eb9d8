using Approvals.Domain.Routing;
using Approvals.Application.Cases;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>Moves the review one level up (county → city → province); the next level sees the opinions given below.</summary>
public sealed class ForwardCaseActivity : IActivity
{
    public const string TypeName = "ForwardCase";
    public string Type => TypeName;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var current = CaseVariables.LevelVariable(context, CaseVariables.CurrentLevel) ?? JurisdictionLevel.County;
        var next = current + 1;
        context.SetVariable(CaseVariables.CurrentLevel, next.ToString());
        var c = await CaseVariables.LoadCaseAsync(context);
        c.ForwardTo(next);
        CaseTimeline.Record(context.Services.GetRequiredService<ApprovalsDbContext>(), c.Id, context.Now, "系统", "forwarded",
            $"{Wording.Zh(current)}初审完成，转报{Wording.Zh(next)}审查",
            $"First review at {Wording.En(current)} level done; forwarded to the {Wording.En(next)} level",
            level: next);
        return ActivityResult.Complete();
    }
}
