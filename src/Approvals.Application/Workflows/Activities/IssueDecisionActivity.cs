using System.Text.Json;
using Approvals.Domain.Routing;
using Approvals.Application.Cases;
using Approvals.Application.Numbering;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// Closes the case with its result (input <c>result</c>: Approved, Refused or NotAccepted). An approval
/// takes the next document number of its issuer for the year (e.g. 晋自然资预审〔2026〕17号).
/// </summary>
public sealed class IssueDecisionActivity : IActivity
{
    public const string TypeName = "IssueDecision";
    public string Type => TypeName;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var result = Enum.Parse<CaseStatus>(context.GetInputString("result")!);
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var rules = context.Services.GetRequiredService<ProvinceRules>();
        var c = await CaseVariables.LoadCaseAsync(context);
        var decision = context.GetVariable("decision")?.Deserialize<TaskCompletion>(JsonSerializerOptions.Web);
        var level = CaseVariables.LevelVariable(context, CaseVariables.DecidingLevel) ?? JurisdictionLevel.County;

        c.Status = result;
        c.ClosedAt = context.Now;
        c.CurrentLevel = null;
        c.DecisionOpinion = decision?.Opinion;
        c.DecisionConditions = decision?.Conditions;
        c.DecidedBy = decision?.By;
        c.DecidedAtLevel = result == CaseStatus.NotAccepted ? JurisdictionLevel.County : level;
        if (result == CaseStatus.Approved)
        {
            var department = CaseTaskActivity.LeadDepartment(c.RequiredDepartments);
            var issuerCode = CaseVariables.JurisdictionAt(context, level);
            var issuerName = await db.Jurisdictions.Where(j => j.Code == issuerCode).Select(j => j.Name).SingleAsync(context.CancellationToken);
            var shortName = level == JurisdictionLevel.Province ? null : issuerName.TrimEnd('市', '县', '区');
            var year = LocalDate.Today(context.Clock).Year;
            var key = rules.DocumentNumbering.IssuerKey(level, department, year, shortName);
            var sequence = await NumberSequence.NextAsync(db, $"decision:{key}", context.CancellationToken);
            c.DocumentNumber = rules.DocumentNumbering.Number(level, department, year, sequence, shortName).ToString();
        }

        var (zh, en) = result switch
        {
            CaseStatus.Approved => ($"{Wording.Zh(level)}作出预审意见：同意，文号 {c.DocumentNumber}" + (c.ForwardToNational ? "；按规定转报国家审批" : ""),
                                    $"Decided at {Wording.En(level)} level: approved, document {c.DocumentNumber}" + (c.ForwardToNational ? "; forwarded for national approval" : "")),
            CaseStatus.Refused => ($"{Wording.Zh(level)}作出预审意见：不同意", $"Decided at {Wording.En(level)} level: refused"),
            _ => ("不予受理", "Not accepted"),
        };
        CaseTimeline.Record(db, c.Id, context.Now, decision?.By ?? "系统", result.ToString().ToLowerInvariant(), zh, en,
            opinion: decision?.Opinion, level: c.DecidedAtLevel);
        return ActivityResult.Complete();
    }

    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (!Enum.TryParse<CaseStatus>(ActivityInputs.Text(activity, "result"), out var r) || r is not (CaseStatus.Approved or CaseStatus.Refused or CaseStatus.NotAccepted))
            yield return $"Activity '{activity.Id}': input 'result' must be Approved, Refused or NotAccepted.";
    }
}
