using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rechecks.ScheduleLayerRecheck;
using Approvals.Application.Rules;
using Approvals.Application.Workflows;
using Approvals.Domain.Cases;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rechecks.StartManualRecheck;

/// <summary>
/// A re-check by hand (`approvals recheck`): one case on every category, or every open case a category's current
/// data covers or whose report hits it. It lists a round like a base-map change does (reason: manual re-check);
/// <paramref name="InBackground"/> hands the cases to the job system, otherwise the caller runs them
/// (<see cref="RecheckCase.RecheckCaseCommand"/>) and sees each result.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以发起复核", RefusalEn = "Only administrators may start a re-check")]
public sealed record StartManualRecheckCommand(string? CategoryCode, string? CaseNumber, bool InBackground = false) : ICommand<ManualRecheck>;

public sealed record ManualRecheck(Guid RecheckId, IReadOnlyList<Guid> CaseIds);

public sealed class StartManualRecheckValidator : AbstractValidator<StartManualRecheckCommand>
{
    public StartManualRecheckValidator(ProvinceRules rules)
    {
        RuleFor(c => c).Must(c => (c.CategoryCode is null) != (c.CaseNumber is null))
            .WithName("category").WithMessage(_ => Bilingual.Text("请指定一个底图类别或一个案件（二选一）", "Name either a base-map category or a case, not both"));
        RuleFor(c => c.CategoryCode).Must(code => code is null || rules.Catalogue.TryGet(code, out _))
            .WithMessage(c => Bilingual.Text($"底图类别“{c.CategoryCode}”不存在", $"There is no base-map category \"{c.CategoryCode}\""));
    }
}

public sealed class StartManualRecheckHandler(ApprovalsDbContext db, Outbox outbox, ActorAccessor actor, ProvinceRules rules, TimeProvider clock)
    : ICommandHandler<StartManualRecheckCommand, ManualRecheck>
{
    public async ValueTask<ManualRecheck> Handle(StartManualRecheckCommand command, CancellationToken ct)
    {
        List<Guid> ids;
        string? category = null;
        if (command.CaseNumber is { } number)
        {
            var c = await db.Set<Case>().AsNoTracking().Where(x => x.Number == number.Trim())
                .Select(x => new { x.Id, x.Status, HasReport = x.SpatialReport != null }).SingleOrDefaultAsync(ct)
                ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("case", Bilingual.Text($"没有案件 {number}", $"There is no case {number}"))]);
            if (c.Status.IsClosed())
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("case", Bilingual.Text(
                    $"案件 {number} 已办结：办结的案件不再重新分析", $"Case {number} is closed: a closed case is never checked again"))]);
            if (!c.HasReport)
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("case", Bilingual.Text(
                    $"案件 {number} 尚未进行落图分析（受理后自动进行）", $"Case {number} has not been checked yet (it is checked after acceptance)"))]);
            ids = [c.Id];
        }
        else
        {
            category = rules.Catalogue[command.CategoryCode!].Code;
            var open = Enum.GetValues<CaseStatus>().Where(s => !s.IsClosed()).Select(s => s.ToString()).ToArray();
            // Open, checked cases inside the category's current data, or whose report hits it (the data may be gone).
            ids = await db.Database.SqlQuery<Guid>($"""
                SELECT c.id AS "Value" FROM cases c
                WHERE c.status = ANY({open}) AND c.spatial_report IS NOT NULL
                  AND (EXISTS (SELECT 1 FROM base_map_layers l WHERE l.category_code = {category} AND l.is_current
                               AND l.coverage && c.boundary AND ST_Intersects(l.coverage, c.boundary))
                       OR EXISTS (SELECT 1 FROM jsonb_array_elements(c.spatial_report -> 'categories') x
                                  WHERE x ->> 'code' = {category} AND x ->> 'status' = 'intersects'))
                ORDER BY c.submitted_at
                """).ToListAsync(ct);
        }

        var recheck = new LayerRecheck
        {
            Id = Guid.CreateVersion7(), CategoryCode = category, Reason = ReportReasons.ManualRecheck,
            CreatedByName = actor.Current.Name, CreatedAt = clock.GetUtcNow(),
        };
        db.Set<LayerRecheck>().Add(recheck);
        await db.SaveChangesAsync(ct);
        foreach (var id in ids)
        {
            db.Set<LayerRecheckCase>().Add(new LayerRecheckCase { RecheckId = recheck.Id, CaseId = id });
            if (command.InBackground) outbox.Add(OutboxKinds.CaseRecheck, new CaseRecheckWork(recheck.Id, id));
        }
        await db.SaveChangesAsync(ct);
        return new ManualRecheck(recheck.Id, ids);
    }
}
