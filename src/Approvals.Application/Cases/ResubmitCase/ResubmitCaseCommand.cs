using System.Globalization;
using System.Text.Json;
using Approvals.Application.Cases.SubmitCase;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Tasks;
using Approvals.Application.Tasks.CompleteTask;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.ResubmitCase;

/// <summary>
/// The applicant answers a correction request (补正): a note, and optionally a new boundary and the
/// corrected application (project, declared level, uses). The case goes back to where it was returned
/// from, the statutory clock resumes, and since the spatial check and the routing run again on the way,
/// corrected uses or levels change who reviews the case and where it is decided.
/// </summary>
public sealed record ResubmitCaseCommand(
    Guid CaseId,
    string? Note,
    JsonElement? Boundary = null,
    string? BoundaryText = null,
    int? BoundarySrid = null,
    CorrectedApplication? Application = null) : ICommand<CompletedTask>;

/// <summary>
/// The application as corrected, whole: every field replaces the submitted one. The county is not among
/// them: an application filed with the wrong county is refused as not acceptable and filed again there.
/// </summary>
public sealed record CorrectedApplication(
    ProjectInput Project,
    JurisdictionLevel DeclaredApprovalLevel,
    IReadOnlyList<CaseUse> Uses,
    NationalKeyProjectKind? NationalKeyProject = null,
    bool InfrastructurePublicOrDefence = false);

public sealed class ResubmitCaseValidator : AbstractValidator<ResubmitCaseCommand>
{
    public ResubmitCaseValidator()
    {
        RuleFor(c => c).Must(c => c.Boundary is null || string.IsNullOrWhiteSpace(c.BoundaryText)).OverridePropertyName("boundary")
            .WithMessage(_ => Bilingual.Text("只能提供一份红线", "Give at most one boundary"));
        RuleFor(c => c.Note).MaximumLength(2000)
            .WithMessage(_ => Bilingual.Text("补正说明不超过 2000 字", "The note has at most 2,000 characters"));
        When(c => c.Application is not null, () =>
        {
            RuleFor(c => c.Application!.Project).NotNull().WithMessage(_ => Bilingual.Text("请填写项目信息", "Enter the project"))
                .SetValidator(new ProjectInputValidator());
            RuleFor(c => c.Application!.DeclaredApprovalLevel).IsDeclaredApprovalLevel();
            RuleFor(c => c.Application!.NationalKeyProject).IsInEnum()
                .WithMessage(_ => Bilingual.Text("未知的国家重点项目类别", "Unknown kind of national key project"));
            RuleFor(c => c.Application!.Uses).AreValidUses();
            RuleForEach(c => c.Application!.Uses).ChildRules(ApplicationRules.EachUse);
        });
    }
}

public sealed class ResubmitCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, BoundaryReader boundaries, IMediator mediator, TimeProvider clock,
    Configuration.ApprovalsOptions options)
    : ICommandHandler<ResubmitCaseCommand, CompletedTask>
{
    public async ValueTask<CompletedTask> Handle(ResubmitCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        var c = await CaseAccess.FindVisibleAsync(db, actor, command.CaseId, ct, track: true);
        var task = await db.Set<ReviewTask>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.CaseId == c.Id && t.Stage == TaskStage.Correction && t.Status == ReviewTaskStatus.Open, ct);
        if (task is null || !task.IsCandidate(actor))
            throw new ConflictException(Bilingual.Text("该案件目前不需要补正", "This case is not waiting for a correction"));

        // Everything below is saved with the task completion, in its transaction: all or nothing.
        if (command.Boundary is not null || !string.IsNullOrWhiteSpace(command.BoundaryText))
        {
            var newBoundary = CaseBoundary.Read(boundaries, command.Boundary, command.BoundaryText, command.BoundarySrid);
            // The county cannot change with a correction, so the new boundary must lie in it.
            await Jurisdictions.CountyFit.EnsureWithinAsync(db, c.CountyCode, newBoundary.Geometry, ct);
            newBoundary.ApplyTo(c);
            // The case itself is left out: its old boundary is what this one replaces.
            BoundaryConflicts.RecordWarning(db, c.Id, clock.GetUtcNow(), actor.Name,
                await BoundaryConflicts.FindAsync(db, c.Boundary, c.Id, options, clock.GetUtcNow(), ct));
        }
        if (command.Application is { } corrected && Correct(c, corrected) is { Count: > 0 } changes)
        {
            // The inbox reads the case's name and uses from its tasks' copies, the finished ones included.
            var useTypes = UseTypeMask.Of(c.Uses.Select(u => u.Type));
            foreach (var t in await db.Set<ReviewTask>().Where(t => t.CaseId == c.Id).ToListAsync(ct))
            {
                t.ProjectName = c.ProjectName;
                t.UseTypes = useTypes;
            }
            CaseTimeline.Record(db, c.Id, clock.GetUtcNow(), actor.Name, "application-corrected",
                "补正修改了申请：" + string.Join("；", changes.Select(x => x.Zh)),
                "The correction changed the application: " + string.Join("; ", changes.Select(x => x.En)));
        }
        return await mediator.Send(new CompleteTaskCommand(task.Id, TaskOutcome.Resubmit, command.Note), ct);
    }

    /// <summary>Applies the corrected fields and says, for the timeline, what changed from what to what.</summary>
    private static List<(string Zh, string En)> Correct(Case c, CorrectedApplication corrected)
    {
        var changes = new List<(string Zh, string En)>();
        void Text(string zh, string en, string? before, string? after, Action<string?> set)
        {
            if (string.Equals(before ?? "", after ?? "", StringComparison.Ordinal)) return;
            set(after);
            changes.Add(($"{zh}“{before}”改为“{after}”", $"{en} \"{before}\" to \"{after}\""));
        }
        Text("项目名称", "project name", c.ProjectName, corrected.Project.Name.Trim(), v => c.ProjectName = v!);
        Text("项目代码", "project code", c.ProjectCode, string.IsNullOrWhiteSpace(corrected.Project.Code) ? null : corrected.Project.Code.Trim(), v => c.ProjectCode = v);
        Text("建设单位", "project owner", c.ProjectOwner, corrected.Project.Owner.Trim(), v => c.ProjectOwner = v!);
        Text("项目类型", "project type", c.ProjectType, corrected.Project.Type.Trim(), v => c.ProjectType = v!);
        if (c.DeclaredApprovalLevel != corrected.DeclaredApprovalLevel)
        {
            changes.Add(($"项目审批层级由{c.DeclaredApprovalLevel.Zh()}改为{corrected.DeclaredApprovalLevel.Zh()}",
                $"project approval level from {c.DeclaredApprovalLevel.En()} to {corrected.DeclaredApprovalLevel.En()}"));
            c.DeclaredApprovalLevel = corrected.DeclaredApprovalLevel;
        }
        if (c.NationalKeyProject != corrected.NationalKeyProject)
        {
            changes.Add(("国家重点项目类别", "national key project kind"));
            c.NationalKeyProject = corrected.NationalKeyProject;
        }
        if (c.InfrastructurePublicOrDefence != corrected.InfrastructurePublicOrDefence)
        {
            changes.Add(("是否为公共基础设施或国防项目", "public infrastructure or defence"));
            c.InfrastructurePublicOrDefence = corrected.InfrastructurePublicOrDefence;
        }
        var uses = CaseUse.Normalize(corrected.Uses);
        if (!uses.SequenceEqual(c.Uses.OrderBy(u => u.Type)))
        {
            changes.Add(($"用途由“{Describe(c.Uses)}”改为“{Describe(uses)}”", $"uses from \"{DescribeEn(c.Uses)}\" to \"{DescribeEn(uses)}\""));
            c.Uses = uses;
        }
        return changes;
    }

    private static string Describe(IEnumerable<CaseUse> uses) =>
        string.Join("、", uses.Select(u => u.AreaHa is { } ha ? $"{u.Type.Zh()} {ha.ToString("0.####", CultureInfo.InvariantCulture)} 公顷" : u.Type.Zh()));

    private static string DescribeEn(IEnumerable<CaseUse> uses) =>
        string.Join(", ", uses.Select(u => u.AreaHa is { } ha ? $"{u.Type.ToString().ToLowerInvariant()} {ha.ToString("0.####", CultureInfo.InvariantCulture)} ha" : u.Type.ToString().ToLowerInvariant()));
}
