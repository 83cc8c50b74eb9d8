using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Identity;
using Approvals.Application.Notifications;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.SpatialChecks;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Naming;
using Approvals.Spatial.Boundaries;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Rechecks.RecheckCase;

/// <summary>
/// Background work of one case of a re-check round: checks the case's boundary again on the current base maps and
/// keeps the report as a new version. When it differs from the one before, the case's timeline says how (before →
/// after), the holders of its open tasks and its supervisors are notified, a department now required joins the review
/// at the current level (reviews given stay), and a higher deciding level applies from the next forwarding.
/// Idempotent: the version's key is the round, so a job run twice (a retry, the command line beside a worker) makes one.
/// </summary>
public sealed record RecheckCaseCommand(Guid RecheckId, Guid CaseId) : ICommand<RecheckCaseResult>;

/// <param name="Outcome">changed, unchanged, already-done, skipped.</param>
public sealed record RecheckCaseResult(string Outcome, int? Version, IReadOnlyList<string> Differences);

public sealed class RecheckCaseHandler(
    ApprovalsDbContext db, WorkflowHost workflows, BoundaryReader boundaries, IMediator mediator, ProvinceRules rules, TimeProvider clock)
    : ICommandHandler<RecheckCaseCommand, RecheckCaseResult>
{
    public const string NotificationKind = "basemap-change";

    public async ValueTask<RecheckCaseResult> Handle(RecheckCaseCommand command, CancellationToken ct)
    {
        var recheck = await db.Set<LayerRecheck>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RecheckId, ct);
        if (recheck is null) return new RecheckCaseResult("skipped", null, []);
        var jobKey = command.RecheckId.ToString();
        var c = await db.Set<Case>().AsNoTracking().SingleAsync(x => x.Id == command.CaseId, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Under the instance's lock: a step of the case, or another run of this job, goes first or after, never between.
        await workflows.LockInstanceAsync(c.WorkflowInstanceId, ct);
        var item = await db.Set<LayerRecheckCase>().SingleOrDefaultAsync(i => i.RecheckId == command.RecheckId && i.CaseId == command.CaseId, ct);
        var made = await db.Set<CaseReportVersion>().AsNoTracking().Where(v => v.CaseId == c.Id && v.JobKey == jobKey).Select(v => (int?)v.Number).SingleOrDefaultAsync(ct);
        if (made is not null || item?.DoneAt is not null)
        {
            if (item is not null && item.DoneAt is null) item.DoneAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new RecheckCaseResult("already-done", made, []);
        }

        var tracked = await db.Set<Case>().SingleAsync(x => x.Id == command.CaseId, ct);
        if (tracked.IsClosed || tracked.SpatialReport is null)
        {
            // Decided since the round was listed: decided on the map before the change, so listed for its supervisors.
            if (item is not null)
            {
                db.Set<LayerRecheckCase>().Remove(item);
                db.Set<LayerRecheckCase>().Add(new LayerRecheckCase
                {
                    RecheckId = item.RecheckId, CaseId = item.CaseId, Decided = tracked.Status is CaseStatus.Approved or CaseStatus.Refused,
                    DoneAt = clock.GetUtcNow(), Skipped = tracked.IsClosed ? "closed" : "not-checked-yet",
                });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new RecheckCaseResult("skipped", null, []);
        }

        var read = boundaries.Read(tracked.BoundaryFile, tracked.BoundaryFileName, tracked.BoundarySourceSrid);
        if (!read.Succeeded)
            throw new InvalidOperationException($"Case {tracked.Number}: the stored boundary no longer reads: {string.Join("; ", read.Errors.Select(e => e.MessageEn))}");
        var uses = tracked.Uses.Select(u => u.ToUseRequest(tracked.DeclaredApprovalLevel, tracked.NationalKeyProject)).ToList();
        var check = await mediator.Send(new CheckBoundaryCommand(read.Boundary!, tracked.BoundaryFileName, uses, Store: true, CaseId: tracked.Id, CountyCode: tracked.CountyCode), ct);

        var now = clock.GetUtcNow();
        var before = ComparisonReport.FromJson(tracked.SpatialReport);
        var difference = ReportDifference.Between(rules, before, check.Report);
        var number = (await db.Set<CaseReportVersion>().Where(v => v.CaseId == tracked.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        db.Set<CaseReportVersion>().Add(new CaseReportVersion
        {
            Id = Guid.CreateVersion7(), CaseId = tracked.Id, Number = number, Reason = recheck.Reason, SpatialCheckId = check.Id!.Value,
            CreatedAt = now, JobKey = jobKey, CategoryCode = recheck.CategoryCode,
            Differences = difference.Lines.Select(l => l.Zh).ToList(), DifferencesEn = difference.Lines.Select(l => l.En).ToList(),
        });
        tracked.SpatialReport = check.Json;
        tracked.SpatialCheckedAt = now;
        if (item is not null)
        {
            item.DoneAt = now;
            item.Changed = difference.Differs;
        }

        if (difference.Differs)
        {
            var (reasonZh, reasonEn) = Cause(recheck);
            CaseTimeline.Record(db, tracked.Id, now, "系统", "basemap-rechecked",
                $"{reasonZh}，重新落图分析（报告第 {number} 版）：{string.Join("；", difference.Lines.Select(l => l.Zh))}",
                $"{reasonEn}; checked again (report version {number}): {string.Join("; ", difference.Lines.Select(l => l.En))}");
            await ReviseRoutingAsync(tracked, check.Report, difference, now, ct);
            await NotifyAsync(tracked, number, difference, now, ct);
        }
        else
        {
            CaseTimeline.Record(db, tracked.Id, now, "系统", "basemap-rechecked",
                $"{Cause(recheck).Zh}，重新落图分析（报告第 {number} 版）：结果无变化",
                $"{Cause(recheck).En}; checked again (report version {number}): no change", visibleToApplicant: false);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RecheckCaseResult(difference.Differs ? "changed" : "unchanged", number, difference.Lines.Select(l => l.En).ToList());
    }

    private (string Zh, string En) Cause(LayerRecheck recheck)
    {
        var name = recheck.CategoryCode is { } code && rules.Catalogue.TryGet(code, out var category) ? (category.Name, category.NameEn) : (recheck.CategoryCode, recheck.CategoryCode);
        return recheck.Reason == ReportReasons.BaseMapChange
            ? ($"底图“{name.Item1}”已更新", $"The base map \"{name.Item2}\" changed")
            : name.Item1 is null ? ("人工复核", "Manual re-check") : ($"人工复核（{name.Item1}）", $"Manual re-check ({name.Item2})");
    }

    /// <summary>
    /// Departments are only ever added and the deciding level only ever raised: what the case was routed to stays
    /// required (a review given is never taken back). A department added while its level's reviews are under way
    /// joins them now; otherwise (waiting for a correction, the decision) it is required from the next round of reviews.
    /// </summary>
    private async Task ReviseRoutingAsync(Case c, ComparisonReport report, ReportDifference difference, DateTimeOffset now, CancellationToken ct)
    {
        var required = c.RequiredDepartments.Select(d => Enum.Parse<Department>(d)).ToHashSet();
        var added = difference.AddedDepartments.Where(d => !required.Contains(d)).OrderBy(d => d).ToList();
        var reportLevel = Enum.TryParse<JurisdictionLevel>(report.DecidingLevel, ignoreCase: true, out var l) ? l : (JurisdictionLevel?)null;
        var raised = reportLevel is { } r && (c.DecidingLevel is null || r > c.DecidingLevel) ? reportLevel : null;
        if (added.Count == 0 && raised is null && !(report.ForwardToNational && !c.ForwardToNational)) return;

        c.RequiredDepartments = required.Concat(added).OrderBy(d => d).Select(d => d.ToString()).ToList();
        if (raised is { } level) c.DecidingLevel = level;
        c.ForwardToNational |= report.ForwardToNational;
        var variables = new JsonObject
        {
            [CaseVariables.RequiredDepartments] = new JsonArray(c.RequiredDepartments.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
        };
        if (c.DecidingLevel is { } deciding) variables[CaseVariables.DecidingLevel] = deciding.ToString();
        var joined = await workflows.ActivateBranchesAsync(c.WorkflowInstanceId, CaseVariables.RequiredDepartments,
            c.Status == CaseStatus.UnderReview ? added.Select(d => d.ToString()).ToList() : [], variables, "system", ct);

        var notes = new List<(string Zh, string En)>();
        if (added.Count > 0)
            notes.Add(joined
                ? ($"增加{string.Join("、", added.Select(d => Names.Of(d).Zh))}审查（在本级审查中加入）", $"{string.Join(", ", added.Select(d => Names.Of(d).En))} review added at the current level")
                : ($"增加{string.Join("、", added.Select(d => Names.Of(d).Zh))}审查（自下一轮审查起）", $"{string.Join(", ", added.Select(d => Names.Of(d).En))} review required from the next round of reviews"));
        if (raised is { } up)
            notes.Add(c.Status == CaseStatus.AwaitingDecision
                ? ($"决定层级提高为{Names.Of(up).Zh}：案件已在决定环节，如需上报请退回补正后重新审查", $"Deciding level raised to {Names.Of(up).En}: the case awaits its decision; return it for correction to have it reviewed again")
                : ($"决定层级提高为{Names.Of(up).Zh}（自下一次转报起适用）", $"Deciding level raised to {Names.Of(up).En} (applies from the next forwarding)"));
        if (notes.Count > 0)
            CaseTimeline.Record(db, c.Id, now, "系统", "rerouted", string.Join("；", notes.Select(n => n.Zh)), string.Join("; ", notes.Select(n => n.En)));
    }

    /// <summary>The holders of the case's open tasks (a claimed task's assignee, else everyone it is offered to) and its supervisors.</summary>
    private async Task NotifyAsync(Case c, int number, ReportDifference difference, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = new HashSet<Guid>();
        var tasks = await db.Set<ReviewTask>().AsNoTracking().Where(t => t.CaseId == c.Id && t.Status == ReviewTaskStatus.Open).ToListAsync(ct);
        foreach (var task in tasks)
        {
            if (task.AssigneeId is { } assignee) recipients.Add(assignee);
            else recipients.UnionWith(await TaskScope.CandidatesOf(db, task).Select(u => u.Id).ToListAsync(ct));
        }
        var jurisdictions = tasks.Where(t => t.Stage != TaskStage.Correction).Select(t => t.JurisdictionCode).Append(c.CountyCode).Distinct().ToList();
        recipients.UnionWith(await (from u in db.Users
                                    join ur in db.UserRoles on u.Id equals ur.UserId
                                    join r in db.Roles on ur.RoleId equals r.Id
                                    where r.Name == Roles.Supervisor && u.JurisdictionCode != null && jurisdictions.Contains(u.JurisdictionCode)
                                    select u.Id).ToListAsync(ct));
        foreach (var recipient in recipients)
            db.Set<Notification>().Add(new Notification
            {
                Id = Guid.CreateVersion7(), RecipientId = recipient, Kind = NotificationKind, CaseId = c.Id, CreatedAt = now,
                Text = $"案件 {c.Number} 所在区域底图已更新，落图分析结果有变化（报告第 {number} 版）：{string.Join("；", difference.Lines.Select(l => l.Zh))}",
                TextEn = $"The base map under case {c.Number} changed and its spatial report differs (version {number}): {string.Join("; ", difference.Lines.Select(l => l.En))}",
            });
    }
}
