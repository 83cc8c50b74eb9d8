using System.Globalization;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Naming;
using Approvals.Domain.Routing;

namespace Approvals.Application.Decisions;

/// <summary>
/// A decision document in one language, as the page and the PDF show it: title, number, addressee, the opening, the
/// numbered items (each with a <see cref="DocumentItem.Kind"/> the page styles by), a refusal's remedies, the issuing
/// authorities and the date.
/// </summary>
public sealed record DecisionDocumentText(string Title, string Number, string Addressee, string Opening, IReadOnlyList<DocumentItem> Items,
    string? Remedies, IReadOnlyList<string> Issuers, string IssuedOn)
{
    /// <summary>
    /// The text of the decision in Chinese or English (all of it in one language: the only other-language words are
    /// what the applicant and the reviewers wrote).
    /// </summary>
    public static DecisionDocumentText Compose(DecisionFacts facts, bool english)
    {
        var c = facts.Case;
        var approved = c.Status == CaseStatus.Approved;
        string T(string zh, string en) => english ? en : zh;
        string Name(BilingualText text) => english ? text.En : text.Zh;
        string Join(IEnumerable<string> items) => string.Join(english ? ", " : "、", items);
        static string Ha(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        string Date(DateOnly day) => english ? day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var departments = Join(c.RequiredDepartments.Select(x => Name(Names.Of(Enum.Parse<Department>(x)))));
        var lead = facts.Issuers[0];
        string ConditionBy(DecisionCondition x) =>
            x.ByDecider ? (english ? lead.NameEn : lead.Name)
            : (english ? x.AuthorityEn : x.Authority) ?? Name(Names.Of(x.Level)) + (x.Department is { } dep ? " " + Name(Names.Of(dep)) : "");

        var items = new List<DocumentItem>();
        if (approved) items.Add(new("approval", T("原则同意该项目通过预审。", "The project passes pre-approval in principle.")));
        else
        {
            var legalBasis = c.DecisionLegalBasis ?? Name(facts.Rules.LegalBasis(Workflows.Activities.CaseTaskActivity.LeadDepartment(c.RequiredDepartments)));
            items.Add(new("reasons", T("不予通过预审的理由：", "Reasons for the refusal: ") + c.DecisionOpinion));
            items.Add(new("legal-basis", T($"依据{legalBasis}，决定该项目不予通过预审。", $"Under {legalBasis}, the project is refused pre-approval.")));
        }
        items.Add(new("uses", T("申请用途：", "Uses applied for: ")
            + Join(c.Uses.Select(u => Name(Names.Of(u.Type)) + (u.AreaHa is { } ha ? $" {Ha(ha)} {T("公顷", "ha")}" : "")))
            + T("；红线面积 ", "; boundary area ") + Ha((decimal)c.BoundaryAreaM2 / 10000) + T(" 公顷。", " ha.")));
        if (facts.Overlaps is { } overlaps)
            items.Add(new("overlaps", overlaps.Count == 0
                ? T("落图分析：项目红线未压占底图所列管控要素。", "Spatial check: the boundary overlaps none of the base-map categories.")
                : T("落图分析，项目红线压占：", "Spatial check, the boundary overlaps: ") + Join(overlaps.Select(o => T(
                    $"{o.Name} {Ha(o.OverlapHa)} 公顷（{Ha(o.OverlapMu)} 亩，占项目 {o.PercentOfProject.ToString("0.0", CultureInfo.InvariantCulture)}%）",
                    $"{o.NameEn} {Ha(o.OverlapHa)} ha ({Ha(o.OverlapMu)} mu, {o.PercentOfProject.ToString("0.0", CultureInfo.InvariantCulture)} % of the project)"))) + T("。", ".")));
        if (approved && c.DecisionOpinion is not null) items.Add(new("opinion", T("审查意见：", "Review opinion: ") + c.DecisionOpinion));
        if (approved && c.DecisionConditions.Count > 0)
            items.Add(new("conditions", T("本预审意见附以下条件，建设单位应当落实：", "This opinion is given on the following conditions, which the project owner must fulfil:"),
                c.DecisionConditions.Select(x => x.Text + T($"（{ConditionBy(x)}提出）", $" (required by {ConditionBy(x)})")).ToList()));
        if (approved && c.ForwardToNational)
            items.Add(new("national", T("本项目按规定须报国家有关部门审批，本意见一并转报。", "Under the rules the project needs national approval; this opinion is forwarded with it.")));
        if (approved && c.DecisionValidUntil is { } until)
        {
            var years = until.AddDays(1).Year - facts.IssuedOn.Year;
            items.Add(new("validity", T($"本预审意见有效期为 {years} 年，自发文之日起至 {Date(until)} 止。", $"This opinion is valid for {years} years from its date of issue, until {Date(until)}.")));
        }

        var county = facts.County;
        var rules = facts.Rules;
        return new DecisionDocumentText(
            approved
                ? T("建设项目用地用矿用林用草预审意见书", "Pre-approval Opinion on Land, Mineral, Forest and Grassland Use of a Construction Project")
                : T("建设项目用地用矿用林用草预审不予通过决定书", "Decision Refusing Pre-approval of Land, Mineral, Forest and Grassland Use of a Construction Project"),
            c.DocumentNumber ?? c.Number,
            T($"{c.ProjectOwner}：", $"To {c.ProjectOwner}:"),
            T($"你单位报送的“{c.ProjectName}”（案件编号 {c.Number}，项目所在地 {county.Name}）用地用矿用林用草预审申请收悉。经{departments}部门协同审查，{(approved ? "现提出预审意见如下" : "决定如下")}：",
              $"Your application for pre-approval of land, mineral, forest and grassland use for “{c.ProjectName}” (case {c.Number}, located in {county.NameEn}) has been received. Following a joint review by the {departments} departments, {(approved ? "our opinion is as follows" : "we have decided as follows")}:"),
            items,
            approved ? null : T(
                $"如不服本决定，可以自收到本决定书之日起 {rules.ReconsiderationDays} 日内向{facts.IssuingJurisdiction.Name}人民政府申请行政复议，或者自收到本决定书之日起 {rules.LitigationMonths} 个月内依法向人民法院提起行政诉讼。",
                $"If you disagree with this decision, you may apply to the People's Government of {facts.IssuingJurisdiction.NameEn} for administrative reconsideration within {rules.ReconsiderationDays} days of receiving it, or bring an administrative lawsuit before a people's court within {rules.LitigationMonths} months of receiving it."),
            facts.Issuers.Select(i => english ? i.NameEn : i.Name).ToList(),
            Date(facts.IssuedOn));
    }
}

/// <summary>One numbered item of a decision document; <see cref="Kind"/> names what it is (reasons, overlaps, conditions, validity, …).</summary>
public sealed record DocumentItem(string Kind, string Text, IReadOnlyList<string>? SubItems = null);
