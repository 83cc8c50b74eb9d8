using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.Localization;
using Approvals.Domain.UseTypes;
using FluentValidation;

namespace Approvals.Application.Cases;

/// <summary>
/// What an application's project and uses must be, wherever they are entered: a submission, a draft's
/// uses step, or a correction (补正). One set of rules, so the three never drift apart.
/// </summary>
public static class ApplicationRules
{
    public static IRuleBuilderOptions<T, string?> IsProjectName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage(ProjectName).MaximumLength(200).WithMessage(ProjectName);

    public static IRuleBuilderOptions<T, string?> IsProjectCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(64).WithMessage(_ => Bilingual.Text("项目代码不超过 64 个字符", "The project code is limited to 64 characters"));

    public static IRuleBuilderOptions<T, string?> IsProjectOwner<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage(ProjectOwner).MaximumLength(200).WithMessage(ProjectOwner);

    public static IRuleBuilderOptions<T, string?> IsProjectType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage(ProjectType).MaximumLength(100).WithMessage(ProjectType);

    /// <summary>The level that approves the project itself; a missing one binds as 0, which is no level.</summary>
    public static IRuleBuilderOptions<T, TLevel> IsDeclaredApprovalLevel<T, TLevel>(this IRuleBuilder<T, TLevel> rule) =>
        rule.NotNull().WithMessage(DeclaredLevel).IsInEnum().WithMessage(DeclaredLevel);

    // FluentValidation gives a message only to the check right before it, so each check names its own.
    private static string ProjectName<T>(T _) => Bilingual.Text("请填写项目名称（不超过 200 字）", "Enter the project's name (at most 200 characters)");
    private static string ProjectOwner<T>(T _) => Bilingual.Text("请填写建设单位（不超过 200 字）", "Enter the project owner (at most 200 characters)");
    private static string ProjectType<T>(T _) => Bilingual.Text("请填写项目类型（不超过 100 字）", "Enter the project type (at most 100 characters)");
    private static string DeclaredLevel<T>(T _) => Bilingual.Text("请选择项目审批（核准、备案）层级", "Choose the level that approves the project");

    public static IRuleBuilderOptions<T, IReadOnlyList<CaseUse>> AreValidUses<T>(this IRuleBuilder<T, IReadOnlyList<CaseUse>> rule) =>
        rule.NotEmpty()
            .WithMessage(_ => Bilingual.Text("请至少选择一项用途（用地、用矿、用林、用草）", "Choose at least one use (land, minerals, forest land, grassland)"))
            .Must(u => u is null || u.Select(x => x.Type).Distinct().Count() == u.Count)
            .WithMessage(_ => Bilingual.Text("每种用途只能申请一次", "Each use can be requested once"));

    /// <summary>
    /// The facts each use needs (for <c>RuleForEach(…).ChildRules</c>). Each check carries its own message:
    /// FluentValidation gives a message only to the check right before it.
    /// </summary>
    public static void EachUse(InlineValidator<CaseUse> use)
    {
        static string NeedsArea(CaseUse _) => Bilingual.Text("用林、用草须填写面积（公顷，大于 0）", "Forest and grassland use need an area in hectares above 0");
        static string AreaAboveZero(CaseUse _) => Bilingual.Text("面积应大于 0 公顷", "The area must be above 0 hectares");
        static string NeedsForestKind(CaseUse _) => Bilingual.Text("用林须选择林地类别", "Forest use needs the kind of forest");
        static string NeedsMineral(CaseUse _) => Bilingual.Text("用矿须填写矿种（不超过 50 字）", "Mineral use needs the mineral (at most 50 characters)");
        use.RuleFor(u => u.Type).IsInEnum().WithMessage(_ => Bilingual.Text("未知的用途", "Unknown use"));
        use.RuleFor(u => u.AreaHa).NotNull().WithMessage(NeedsArea).When(u => u.Type is UseType.Forest or UseType.Grassland);
        use.RuleFor(u => u.AreaHa).GreaterThan(0).WithMessage(AreaAboveZero).LessThan(1_000_000).WithMessage(AreaAboveZero).When(u => u.AreaHa is not null);
        use.RuleFor(u => u.ForestKind).NotNull().WithMessage(NeedsForestKind).IsInEnum().WithMessage(NeedsForestKind).When(u => u.Type == UseType.Forest);
        use.RuleFor(u => u.Mineral).NotEmpty().WithMessage(NeedsMineral).MaximumLength(50).WithMessage(NeedsMineral).When(u => u.Type == UseType.Mineral);
    }
}

public sealed class ProjectInputValidator : AbstractValidator<ProjectInput>
{
    public ProjectInputValidator()
    {
        RuleFor(p => p.Name).IsProjectName();
        RuleFor(p => p.Code).IsProjectCode();
        RuleFor(p => p.Owner).IsProjectOwner();
        RuleFor(p => p.Type).IsProjectType();
    }
}
