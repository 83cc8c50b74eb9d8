using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Measures;
using Approvals.Domain.Routing;
using Approvals.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// Decides who reviews and where the case is decided: the requested uses' departments plus those the
/// spatial report adds, and the highest level any use or hit requires (rules in routing-rules.json).
/// The review starts at the county, or resumes at the level that asked for a correction.
/// </summary>
public sealed class RouteCaseActivity : IActivity
{
    public const string TypeName = "RouteCase";
    public string Type => TypeName;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var rules = context.Services.GetRequiredService<ProvinceRules>();
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var c = await CaseVariables.LoadCaseAsync(context);
        var decision = rules.Routing.Decide(new CaseRoutingInput(
            c.Uses.Select(u => u.ToUseRequest(c.DeclaredApprovalLevel, c.NationalKeyProject)).ToList(),
            SpatialReportHits.From(c.SpatialReport),
            c.InfrastructurePublicOrDefence));

        c.RequiredDepartments = decision.RequiredDepartments.Select(d => d.ToString()).ToList();
        c.DecidingLevel = decision.DecidingLevel;
        c.ForwardToNational = decision.ForwardToNational;
        context.SetVariable(CaseVariables.RequiredDepartments, new JsonArray(c.RequiredDepartments.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()));
        context.SetVariable(CaseVariables.DecidingLevel, decision.DecidingLevel.ToString());
        if (CaseVariables.LevelVariable(context, CaseVariables.CurrentLevel) is not { } current || current > decision.DecidingLevel)
            context.SetVariable(CaseVariables.CurrentLevel, JurisdictionLevel.County.ToString());

        var added = decision.AddedDepartments;
        CaseTimeline.Record(db, c.Id, context.Now, "系统", "routed",
            $"审查部门：{string.Join("、", decision.RequiredDepartments.Select(d => d.Zh()))}；决定层级：{Wording.Zh(decision.DecidingLevel)}"
                + (added.Count > 0 ? $"（压占分析增加{string.Join("、", added.Select(d => d.Zh()))}审查）" : "")
                + (decision.ForwardToNational ? "；需转报国家审批" : ""),
            $"Reviewing departments: {string.Join(", ", decision.RequiredDepartments.Select(d => d.En()))}; decided at {Wording.En(decision.DecidingLevel)} level"
                + (added.Count > 0 ? $" (the spatial check added {string.Join(", ", added.Select(d => d.En()))})" : "")
                + (decision.ForwardToNational ? "; to be forwarded for national approval" : ""),
            opinion: decision.Reasons.Count > 0 ? string.Join("；", decision.Reasons.Select(r => r.Zh)) : null,
            opinionEn: decision.Reasons.Count > 0 ? string.Join("; ", decision.Reasons.Select(r => r.En)) : null);
        return ActivityResult.Complete();
    }
}
