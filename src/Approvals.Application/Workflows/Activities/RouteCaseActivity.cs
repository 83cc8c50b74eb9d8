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
/// The review starts at the county, or resumes at the level that asked for a correction. The first routing records the
/// rules version in force; routing the case again (after a correction) uses that version, not a newer one.
/// </summary>
public sealed class RouteCaseActivity : IActivity
{
    public const string TypeName = "RouteCase";
    public string Type => TypeName;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var c = await CaseVariables.LoadCaseAsync(context);
        var (version, rules) = await context.Services.GetRequiredService<RulesBook>().ForCaseAsync(db, c.RulesVersion, context.CancellationToken);
        if (c.RulesVersion is null && version > 0) c.RulesVersion = version;
        var decision = rules.Routing.Decide(Input(c));

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

    /// <summary>What routing decides from: the case's uses, its spatial report's hits and the kind of project.</summary>
    public static CaseRoutingInput Input(Case c) => new(
        c.Uses.Select(u => u.ToUseRequest(c.DeclaredApprovalLevel, c.NationalKeyProject)).ToList(),
        SpatialReportHits.From(c.SpatialReport),
        c.InfrastructurePublicOrDefence);
}
