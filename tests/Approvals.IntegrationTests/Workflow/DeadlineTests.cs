using Approvals.Application.Notifications;
using Approvals.Application.Persistence;
using Approvals.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflow;

/// <summary>Task deadlines: a reminder at 80 % of the time to whoever may work the task, an overdue notice to the supervisors.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DeadlineTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    /// <summary>A clock standing at a fixed instant, for running the sweep "later".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    private async Task<(int Reminded, int Overdue)> SweepAtAsync(DateTimeOffset now)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var sweep = new TaskDeadlineSweep(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), new FixedClock(now),
            scope.ServiceProvider.GetRequiredService<NotificationPost>(), scope.ServiceProvider.GetRequiredService<Approvals.Application.Workflows.Outbox>());
        return await sweep.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_window_is_reminded_near_the_deadline_and_the_supervisor_told_when_it_passes_once_each()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant, county: "140581");
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("gaoping.clerk"), id, "Acceptance");
        var due = DateOnly.Parse(task.GetProperty("dueOn").GetString()!);

        // Acceptance has 5 working days; 80 % of them have passed two days before the due date.
        var nearDeadline = new DateTimeOffset(due.AddDays(-1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        await SweepAtAsync(nearDeadline);
        await SweepAtAsync(nearDeadline);
        var afterDeadline = new DateTimeOffset(due.AddDays(3).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        await SweepAtAsync(afterDeadline);
        await SweepAtAsync(afterDeadline);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var notices = await (from n in db.Set<Notification>()
                             join u in db.Users on n.RecipientId equals u.Id
                             where n.CaseId == id
                             select new { n.Kind, u.UserName, n.Text }).ToListAsync();
        // Every holder of Gaoping's window post (the demo has two) is reminded of the unclaimed task, once.
        var reminders = notices.Where(n => n.Kind == "task-reminder").ToList();
        Assert.Equal(["gaoping.clerk", "gaoping.clerk2"], reminders.Select(r => r.UserName).Order());
        Assert.All(reminders, r => Assert.Contains(number, r.Text));
        var overdue = Assert.Single(notices, n => n.Kind == "task-overdue");
        Assert.Equal("gaoping.supervisor", overdue.UserName);
        Assert.Contains("已超期", overdue.Text);
        Assert.DoesNotContain(notices, n => n.UserName == "zezhou.clerk");
    }
}
