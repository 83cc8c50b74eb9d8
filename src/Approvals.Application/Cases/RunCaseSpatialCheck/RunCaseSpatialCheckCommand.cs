using System.Text.Json.Nodes;
using Approvals.Application.Persistence;
using Approvals.Application.SpatialChecks.CheckBoundary;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Spatial.Boundaries;
using Approvals.Workflows.Runtime;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Cases.RunCaseSpatialCheck;

/// <summary>
/// Background work of the workflow's spatial-check step: overlays the case's boundary on the base maps,
/// stores the report with the case and lets the workflow continue. Running it twice changes nothing the
/// second time (no step waits for it any more).
/// </summary>
public sealed record RunCaseSpatialCheckCommand(Guid CaseId, Guid InstanceId) : ICommand<bool>;

public sealed class RunCaseSpatialCheckHandler(ApprovalsDbContext db, WorkflowHost workflows, BoundaryReader boundaries, IMediator mediator, TimeProvider clock)
    : ICommandHandler<RunCaseSpatialCheckCommand, bool>
{
    public async ValueTask<bool> Handle(RunCaseSpatialCheckCommand command, CancellationToken ct)
    {
        var state = await workflows.FindStateAsync(command.InstanceId, ct);
        if (state is null || !state.Bookmarks.Any(b => b.Kind == BookmarkKind.Signal && b.Name == SpatialCheckActivity.CompletedSignal))
            return false;

        var c = await db.Set<Case>().AsNoTracking().SingleAsync(x => x.Id == command.CaseId, ct);
        var read = boundaries.Read(c.BoundaryFile, c.BoundaryFileName, c.BoundarySourceSrid);
        if (!read.Succeeded)
            throw new InvalidOperationException($"Case {c.Number}: the stored boundary no longer reads: {string.Join("; ", read.Errors.Select(e => e.MessageEn))}");
        var uses = c.Uses.Select(u => u.ToUseRequest(c.DeclaredApprovalLevel, c.NationalKeyProject)).ToList();
        var check = await mediator.Send(new CheckBoundaryCommand(read.Boundary!, c.BoundaryFileName, uses, Store: true, CaseId: c.Id, CountyCode: c.CountyCode), ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Under the instance's lock: a withdrawal or another run of this job may have come first.
        var locked = await workflows.LockInstanceAsync(command.InstanceId, ct);
        if (!locked.Bookmarks.Any(b => b.Kind == BookmarkKind.Signal && b.Name == SpatialCheckActivity.CompletedSignal))
            return false;
        var tracked = await db.Set<Case>().SingleAsync(x => x.Id == command.CaseId, ct);
        tracked.SpatialReport = check.Json;
        tracked.SpatialCheckedAt = clock.GetUtcNow();
        // The case keeps every report it has had: the first is the submission's, later ones follow corrections.
        var previous = await db.Set<Rechecks.CaseReportVersion>().Where(v => v.CaseId == c.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0;
        db.Set<Rechecks.CaseReportVersion>().Add(new Rechecks.CaseReportVersion
        {
            Id = Guid.CreateVersion7(), CaseId = c.Id, Number = previous + 1, SpatialCheckId = check.Id!.Value, CreatedAt = clock.GetUtcNow(),
            Reason = previous == 0 ? Rechecks.ReportReasons.Submission : Rechecks.ReportReasons.Correction,
        });
        var findings = (JsonNode.Parse(check.Json)?["findings"] as JsonArray)?.Select(f => f?.GetValue<string>()).Where(f => f is not null).ToList() ?? [];
        CaseTimeline.Record(db, c.Id, clock.GetUtcNow(), "系统", "spatial-checked",
            findings.Count == 0 ? "落图压占分析完成：未压占管控底图" : $"落图压占分析完成：{string.Join("；", findings)}",
            findings.Count == 0 ? "Spatial check done: no base-map category hit" : $"Spatial check done: {findings.Count} finding(s)");
        await db.SaveChangesAsync(ct);
        await workflows.SignalAsync(command.InstanceId, SpatialCheckActivity.CompletedSignal, null, "system", ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
