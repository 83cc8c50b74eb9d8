using System.Text.Json;
using Approvals.Domain.Routing;
using Approvals.Application.Cases;
using Approvals.Application.Configuration;
using Approvals.Application.Decisions;
using Approvals.Domain.Decisions;
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
/// takes the next document number of its issuer for the year (e.g. 晋自然资预审〔2026〕17号), a refusal the next of its
/// issuer's refusal series (晋自然资预审不予〔2026〕3号); both name their issuing authorities (会签), an approval its final
/// conditions and the end of its validity, a refusal its legal basis.
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
        c.DecidedBy = decision?.By;
        c.DecidedAtLevel = result == CaseStatus.NotAccepted ? JurisdictionLevel.County : level;
        if (result is CaseStatus.Approved or CaseStatus.Refused)
        {
            var department = CaseTaskActivity.LeadDepartment(c.RequiredDepartments);
            var issuerCode = CaseVariables.JurisdictionAt(context, level);
            var issuerName = await db.Jurisdictions.Where(j => j.Code == issuerCode).Select(j => j.Name).SingleAsync(context.CancellationToken);
            var shortName = level == JurisdictionLevel.Province ? null : JurisdictionShortName(issuerName, rules.DocumentNumbering.ProvinceShortName);
            var today = LocalDate.Today(context.Clock);
            // Approvals and refusals run in separate series of the same issuer.
            var kind = result == CaseStatus.Approved ? DocumentKind.Approval : DocumentKind.Refusal;
            var key = rules.DocumentNumbering.IssuerKey(level, department, today.Year, shortName, kind);
            var sequence = await NumberSequence.NextAsync(db, $"{(kind == DocumentKind.Approval ? "decision" : "refusal")}:{key}", context.CancellationToken);
            c.DocumentNumber = rules.DocumentNumbering.Number(level, department, today.Year, sequence, shortName, kind).ToString();
            c.DecisionIssuers = [.. await DecisionIssuers.ResolveAsync(db, rules, issuerCode, c.RequiredDepartments, context.CancellationToken)];
            if (result == CaseStatus.Approved)
            {
                // A decision handed over without a settled list (an API caller that sent none) keeps every review's conditions.
                c.DecisionConditions = [.. decision?.FinalConditions ?? await DefaultConditionsAsync(db, rules, c.Id, level, decision, context.CancellationToken)];
                c.DecisionValidUntil = DecisionIssuers.ValidUntil(today, context.Services.GetRequiredService<ApprovalsOptions>().DecisionValidityYears);
            }
            else
            {
                c.DecisionLegalBasis = string.IsNullOrWhiteSpace(decision?.LegalBasis) ? null : decision.LegalBasis.Trim();
            }
            // Rendered here, in the decision's own transaction: a decided case never exists without its document, a
            // retried step rolls both back together, and no background job has to find documents still missing.
            await DecisionDocument.IssueAsync(db, rules, context.Services.GetRequiredService<ApprovalsOptions>(), c, context.Now, context.CancellationToken);
        }

        var (zh, en) = result switch
        {
            CaseStatus.Approved => ($"{Wording.Zh(level)}作出预审意见：同意，文号 {c.DocumentNumber}" + (c.ForwardToNational ? "；按规定转报国家审批" : ""),
                                    $"Decided at {Wording.En(level)} level: approved, document {c.DocumentNumber}" + (c.ForwardToNational ? "; forwarded for national approval" : "")),
            CaseStatus.Refused => ($"{Wording.Zh(level)}作出决定：不予通过预审，文号 {c.DocumentNumber}", $"Decided at {Wording.En(level)} level: refused, document {c.DocumentNumber}"),
            _ => ("不予受理", "Not accepted"),
        };
        CaseTimeline.Record(db, c.Id, context.Now, decision?.By ?? "系统", result.ToString().ToLowerInvariant(), zh, en,
            opinion: decision?.Opinion, level: c.DecidedAtLevel);
        await Notifications.ApplicantNotices.PostAsync(db, context.Services.GetRequiredService<Notifications.NotificationPost>(), c,
            Notifications.NotificationKinds.Decision, $"案件 {c.Number}（{c.ProjectName}）：{zh}", $"Case {c.Number} ({c.ProjectName}): {en}",
            context.Now, context.CancellationToken);
        return ActivityResult.Complete();
    }

    /// <summary>
    /// A city's or county's short name in a document number: without 市/县/区, and without a leading province short name
    /// the number already starts with (晋城市 → 城, so 晋城自然资预审, not 晋晋城自然资预审).
    /// </summary>
    public static string JurisdictionShortName(string name, string provinceShortName)
    {
        var shortName = name.TrimEnd('市', '县', '区');
        return shortName.Length > 1 && shortName.StartsWith(provinceShortName, StringComparison.Ordinal) ? shortName[provinceShortName.Length..] : shortName;
    }

    /// <summary>Every review's conditions, then the decider's own (one a line).</summary>
    public static async Task<IReadOnlyList<DecisionCondition>> DefaultConditionsAsync(ApprovalsDbContext db, ProvinceRules rules, Guid caseId,
        JurisdictionLevel level, TaskCompletion? decision, CancellationToken ct)
    {
        var collected = await ReviewConditions.CollectAsync(db, rules, caseId, ct);
        return collected.Select(x => x.Condition)
            .Concat(ReviewConditions.Lines(decision?.Conditions).Select(text => new DecisionCondition(text, level, null, null, null, ByDecider: true)))
            .ToList();
    }

    public IEnumerable<string> ValidateInputs(ActivityDefinition activity)
    {
        if (!Enum.TryParse<CaseStatus>(ActivityInputs.Text(activity, "result"), out var r) || r is not (CaseStatus.Approved or CaseStatus.Refused or CaseStatus.NotAccepted))
            yield return $"Activity '{activity.Id}': input 'result' must be Approved, Refused or NotAccepted.";
    }
}
