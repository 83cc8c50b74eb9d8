using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Naming;

/// <summary>
/// The names of things as people read them, in Chinese and English: case statuses, task stages and
/// outcomes, roles, departments, levels, use types. Pages, CSV exports, timelines and documents take
/// their names from here, so a status is called the same everywhere. (Messages stay beside the rule that
/// raises them: <c>Bilingual.Text("…", "…")</c>; the words reasons are built from are in <see cref="Wording"/>.)
/// </summary>
public static class Names
{
    public static BilingualText Of(CaseStatus status) => status switch
    {
        CaseStatus.AwaitingAcceptance => new("待受理", "Awaiting acceptance"),
        CaseStatus.AwaitingCorrection => new("待补正", "Awaiting correction"),
        CaseStatus.UnderReview => new("协同审查中", "Under joint review"),
        CaseStatus.AwaitingDecision => new("待决定", "Awaiting decision"),
        CaseStatus.Approved => new("已批准", "Approved"),
        CaseStatus.Refused => new("不予批准", "Refused"),
        CaseStatus.NotAccepted => new("不予受理", "Not accepted"),
        CaseStatus.Withdrawn => new("已撤回", "Withdrawn"),
        _ => new(status.ToString(), status.ToString()),
    };

    public static BilingualText Of(TaskStage stage) => stage switch
    {
        TaskStage.Acceptance => new("受理审查", "Acceptance check"),
        TaskStage.Review => new("部门审查", "Department review"),
        TaskStage.Decision => new("审批决定", "Decision"),
        _ => new("补正", "Correction"),
    };

    /// <summary>
    /// A step of a case's work as the workflow names it ("用地审查", "受理（形式审查）"): a task's name in lists, headings
    /// and the timeline. The Chinese names are the workflow definition's own.
    /// </summary>
    /// <summary>
    /// A task's name as people read it: in Chinese the name its published workflow definition gives the step (a
    /// province may name its steps), in English the standard name of its stage and department.
    /// </summary>
    public static BilingualText Step(string definitionName, TaskStage stage, Department? department) =>
        new(string.IsNullOrWhiteSpace(definitionName) ? Step(stage, department).Zh : definitionName, Step(stage, department).En);

    public static BilingualText Step(TaskStage stage, Department? department) => (stage, department) switch
    {
        (TaskStage.Acceptance, _) => new("受理（形式审查）", "Acceptance (formal check)"),
        (TaskStage.Review, Department.Land) => new("用地审查", "Land review"),
        (TaskStage.Review, Department.Mineral) => new("矿产审查", "Mineral review"),
        (TaskStage.Review, Department.Forest) => new("林业审查", "Forest review"),
        (TaskStage.Review, Department.Grassland) => new("草原审查", "Grassland review"),
        (TaskStage.Review, _) => Of(TaskStage.Review),
        // The deciding task carries its lead department, as the workflow names it.
        (TaskStage.Decision, { } lead) => new($"作出预审意见（{Of(lead).Zh}）", $"Pre-approval decision ({Of(lead).En})"),
        (TaskStage.Decision, null) => new("作出预审意见", "Pre-approval decision"),
        _ => new("申请人补正", "Correction by the applicant"),
    };

    /// <summary>The steps of a case's path that are not people's tasks.</summary>
    public static BilingualText Of(CaseMilestone milestone) => milestone switch
    {
        CaseMilestone.Submitted => new("提交申请", "Application submitted"),
        CaseMilestone.SpatialCheck => new("落图压占分析", "Spatial check"),
        CaseMilestone.Routing => new("确定审查部门和层级", "Departments and level decided"),
        CaseMilestone.JointReview => new("协同审查", "Joint review"),
        _ => new("办结", "Closed"),
    };

    /// <summary>The departments' joint review at one level ("县级协同审查").</summary>
    public static BilingualText JointReview(JurisdictionLevel level) => new($"{Of(level).Zh}协同审查", $"{Of(level).En} joint review");

    /// <summary>Who did what the workflow does by itself (the spatial check, routing, forwarding) on a timeline.</summary>
    public static readonly BilingualText SystemActor = new("系统", "System");

    /// <summary>An outcome as a reviewer chooses it ("Accept", "Return for correction").</summary>
    public static BilingualText Of(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Accept => new("受理", "Accept"),
        TaskOutcome.NotAccept => new("不予受理", "Refuse at acceptance"),
        TaskOutcome.Agree => new("同意", "Agree"),
        TaskOutcome.AgreeWithConditions => new("同意（附条件）", "Agree with conditions"),
        TaskOutcome.Disagree => new("不同意", "Disagree"),
        TaskOutcome.ReturnForCorrection => new("退回补正", "Return for correction"),
        TaskOutcome.Approve => new("批准", "Approve"),
        TaskOutcome.Refuse => new("不予批准", "Refuse"),
        _ => new("已补正并重新提交", "Corrected and resubmitted"),
    };

    /// <summary>An outcome as the timeline tells it afterwards ("accepted", "returned for correction"); Chinese has one form.</summary>
    public static BilingualText Reached(TaskOutcome outcome) => new(Of(outcome).Zh, outcome switch
    {
        TaskOutcome.Accept => "accepted",
        TaskOutcome.NotAccept => "not accepted",
        TaskOutcome.Agree => "agreed",
        TaskOutcome.AgreeWithConditions => "agreed with conditions",
        TaskOutcome.Disagree => "disagreed",
        TaskOutcome.ReturnForCorrection => "returned for correction",
        TaskOutcome.Approve => "approved",
        TaskOutcome.Refuse => "refused",
        _ => "corrected and resubmitted",
    });

    /// <summary>A role by its identity name (<c>Roles</c>); anything else is a guest.</summary>
    public static BilingualText Role(string? role) => role switch
    {
        "applicant" => new("申请人", "Applicant"),
        "clerk" => new("受理窗口", "Acceptance window"),
        "reviewer" => new("审查员", "Reviewer"),
        "supervisor" => new("督办人员", "Supervisor"),
        "administrator" => new("系统管理员", "Administrator"),
        _ => new("访客", "Guest"),
    };

    public static BilingualText Of(Department department) => department switch
    {
        Department.Land => new("自然资源（用地）", "Land (natural resources)"),
        Department.Mineral => new("矿产", "Minerals"),
        Department.Forest => new("林业", "Forestry"),
        Department.Grassland => new("草原", "Grassland"),
        _ => new(department.ToString(), department.ToString()),
    };

    public static BilingualText Of(JurisdictionLevel level) => level switch
    {
        JurisdictionLevel.County => new("县级", "County"),
        JurisdictionLevel.City => new("市级", "City"),
        JurisdictionLevel.Province => new("省级", "Province"),
        JurisdictionLevel.National => new("国家级", "National"),
        _ => new(level.ToString(), level.ToString()),
    };

    public static BilingualText Of(UseType useType) => useType switch
    {
        UseType.Land => new("用地", "Land use"),
        UseType.Mineral => new("用矿", "Mineral use"),
        UseType.Forest => new("用林", "Forest use"),
        UseType.Grassland => new("用草", "Grassland use"),
        _ => new(useType.ToString(), useType.ToString()),
    };
}
