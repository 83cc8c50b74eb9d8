using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Notifications;

/// <summary>The bell and /notifications in the browser.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class NotificationBrowserTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);
    private readonly NotificationScope notifications = new(app);

    [Fact]
    public async Task A_reviewer_sees_a_reminder_in_the_bell_opens_it_and_follows_it_to_the_case()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant, county: "140525");
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var reviewerApi = await app.SignedInAs("zezhou.land2");
        var task = await cases.WaitForTaskAsync(reviewerApi, id, "Review");
        var due = DateOnly.Parse(task.GetProperty("dueOn").GetString()!);
        // The deadline sweep, run when 80 % of the review's time has gone: the land reviewers are reminded.
        await notifications.SweepDeadlinesAtAsync(new DateTimeOffset(due.AddDays(-1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
        var unread = (await reviewerApi.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count")).GetProperty("unread").GetInt32();
        Assert.True(unread >= 1);

        await using var reviewer = await app.BrowserAs("zezhou.land2");
        var page = reviewer.Page;
        page.Response += (_, response) => { if (response.Status >= 400) reviewer.Problems.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync("/inbox");
        var bell = page.Locator("header a.bell");
        await Assertions.Expect(bell.Locator(".count")).ToHaveTextAsync(unread > 99 ? "99+" : unread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", $"通知（{unread} 条未读）");
        await reviewer.ScreenshotAsync("notification-bell");

        await bell.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/notifications$"));
        var reminder = page.Locator("li.notification", new() { HasText = number }).First;
        await Assertions.Expect(reminder).ToHaveClassAsync(new Regex(@"\bunread\b"));
        await Assertions.Expect(reminder.Locator(".kind")).ToHaveTextAsync("到期提醒");
        await Assertions.Expect(reminder.Locator(".text")).ToContainTextAsync($"案件 {number}");
        await reviewer.ScreenshotAsync("notifications-page");

        await reminder.GetByRole(AriaRole.Link, new() { Name = $"查看案件 {number}" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/cases/{id}$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(number);

        // Marked read from the list, the bell counts one fewer.
        await page.GotoAsync("/notifications");
        await page.Locator("li.notification", new() { HasText = number }).First.GetByRole(AriaRole.Button, new() { Name = "标为已读" }).ClickAsync();
        await Assertions.Expect(page.Locator("li.notification", new() { HasText = number }).First).ToHaveClassAsync(new Regex(@"\bread\b"));
        if (unread > 1) await Assertions.Expect(bell.Locator(".count")).ToHaveTextAsync((unread - 1) > 99 ? "99+" : (unread - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        else await Assertions.Expect(bell.Locator(".count")).ToHaveCountAsync(0);
        Assert.True(reviewer.Problems.Count == 0, string.Join("\n", reviewer.Problems));
    }
}
