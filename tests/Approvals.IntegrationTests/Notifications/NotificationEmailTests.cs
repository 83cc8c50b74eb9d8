using Approvals.Application.Notifications;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;

namespace Approvals.IntegrationTests.Notifications;

/// <summary>
/// Notification e-mails, received by a real SMTP listener on loopback: sent after commit by background work, to the
/// applicant for corrections and decisions and to staff for reminders, once, and again after a failure until delivered.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class NotificationEmailTests(ApprovalsApp app)
{
    private const string ApplicantAddress = "applicant@demo.approvals.local";
    private readonly CaseDriver cases = new(app);
    private readonly NotificationScope notifications = new(app);

    /// <summary>Long enough for a second copy to arrive if one were sent (retries wait a second here).</summary>
    private static Task QuietPeriod() => Task.Delay(TimeSpan.FromSeconds(3));

    private async Task<(Guid Id, string Number)> CaseReturnedForCorrectionAsync(string request)
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "ReturnForCorrection", "Acceptance", request);
        return (id, number);
    }

    private IReadOnlyList<SmtpListener.ReceivedMail> MailsAbout(string number) =>
        app.Mail.Received.Where(m => m.Subject.Contains(number, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_correction_request_sends_the_applicant_exactly_one_bilingual_email_with_the_case_number_and_its_link()
    {
        var (id, number) = await CaseReturnedForCorrectionAsync("请补充项目建议书批复文件。");

        await app.Mail.WaitForAsync(_ => MailsAbout(number).Count > 0);
        await QuietPeriod();
        var mail = Assert.Single(MailsAbout(number));
        Assert.Equal([ApplicantAddress], mail.RcptTo);
        Assert.Equal("noreply@approvals.test", mail.MailFrom);
        Assert.Equal($"补正通知：案件 {number} / Correction requested: case {number}", mail.Subject);
        // Chinese first, English below, the reviewer's request and the case's page in both.
        Assert.Contains("请补充项目建议书批复文件。", mail.Body);
        Assert.Contains($"查看案件：http://approvals.test/cases/{id}", mail.Body);
        Assert.Contains($"Open the case: http://approvals.test/cases/{id}", mail.Body);
        Assert.True(mail.Body.IndexOf("需要补正", StringComparison.Ordinal) < mail.Body.IndexOf("needs a correction", StringComparison.Ordinal), mail.Body);

        // The applicant's notification in the application is the one that was mailed, marked sent.
        var delivery = Assert.Single(await notifications.DeliveriesAsync(id, NotificationKinds.CorrectionRequested));
        Assert.Equal("applicant", delivery.UserName);
        Assert.Equal(EmailDeliveryStatus.Sent, delivery.Delivery.Status);
        Assert.Equal(1, delivery.Delivery.Attempts);
        Assert.Equal($"notification-{delivery.Notification.Id:N}@approvals.test", mail.Message.MessageId);
    }

    [Fact]
    public async Task A_delivery_job_run_again_after_the_mail_went_out_sends_no_second_copy()
    {
        var (id, number) = await CaseReturnedForCorrectionAsync("请核对用地面积。");
        await app.Mail.WaitForAsync(_ => MailsAbout(number).Count > 0);
        var (delivery, _, _) = Assert.Single(await notifications.DeliveriesAsync(id, NotificationKinds.CorrectionRequested));

        // Hangfire runs a job again when its worker died before reporting it done: the same job, once more, twice.
        var job = Assert.Single(await notifications.OutboxMessagesOfAsync(delivery.Id));
        await notifications.RunOutboxJobAgainAsync(job);
        await notifications.RunOutboxJobAgainAsync(job);
        Assert.False(await notifications.DeliverAsync(delivery.Id));

        await QuietPeriod();
        Assert.Single(MailsAbout(number));
    }

    [Fact]
    public async Task Two_workers_running_the_same_delivery_at_once_send_one_email()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        // A reminder the listener holds for a moment before accepting, so that both workers are in flight.
        app.Mail.HoldAcceptance["zezhou.land@demo.approvals.local"] = TimeSpan.FromSeconds(2);
        try
        {
            var (notificationId, deliveryId) = await notifications.PostAsync("zezhou.land", NotificationKinds.TaskReminder,
                $"案件 {number} 的“测试”将于明天到期", $"A task of case {number} is due tomorrow", id);
            Assert.NotNull(deliveryId);

            var sent = await Task.WhenAll(notifications.DeliverAsync(deliveryId.Value), notifications.DeliverAsync(deliveryId.Value));

            Assert.Equal(1, sent.Count(s => s));
            await QuietPeriod();
            var mail = Assert.Single(app.Mail.Received, m => m.Message.MessageId == $"notification-{notificationId:N}@approvals.test");
            Assert.Equal(["zezhou.land@demo.approvals.local"], mail.RcptTo);
        }
        finally
        {
            app.Mail.HoldAcceptance.TryRemove("zezhou.land@demo.approvals.local", out _);
        }
    }

    [Fact]
    public async Task A_mail_server_that_refuses_at_first_gets_the_mail_later_and_only_once()
    {
        Guid id;
        string number;
        app.Mail.Refusing = true;
        try
        {
            (id, number) = await CaseReturnedForCorrectionAsync("请补充林地现状调查报告。");
            // The first attempt fails and is recorded, with a retry planned.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var rows = await notifications.DeliveriesAsync(id, NotificationKinds.CorrectionRequested);
                if (rows is [var row] && row.Delivery.Attempts >= 1)
                {
                    Assert.Equal(EmailDeliveryStatus.Pending, row.Delivery.Status);
                    Assert.NotNull(row.Delivery.LastError);
                    Assert.NotNull(row.Delivery.NextAttemptAt);
                    break;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The first delivery attempt was not recorded.");
                await Task.Delay(200);
            }
            Assert.True(app.Mail.Refused > 0);
            Assert.Empty(MailsAbout(number));
        }
        finally
        {
            app.Mail.Refusing = false;
        }

        await app.Mail.WaitForAsync(_ => MailsAbout(number).Count > 0, TimeSpan.FromSeconds(60));
        await QuietPeriod();
        var mail = Assert.Single(MailsAbout(number));
        Assert.Equal([ApplicantAddress], mail.RcptTo);
        var (delivery, _, _) = Assert.Single(await notifications.DeliveriesAsync(id, NotificationKinds.CorrectionRequested));
        Assert.Equal(EmailDeliveryStatus.Sent, delivery.Status);
        Assert.True(delivery.Attempts >= 2, $"attempts: {delivery.Attempts}");
        Assert.Null(delivery.LastError);
    }

    [Fact]
    public async Task A_case_not_accepted_tells_the_applicant_in_the_application_and_by_one_email()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "NotAccept", "Acceptance", "不属于本机关受理范围。");

        await app.Mail.WaitForAsync(_ => MailsAbout(number).Count > 0);
        await QuietPeriod();
        var mail = Assert.Single(MailsAbout(number));
        Assert.Equal([ApplicantAddress], mail.RcptTo);
        Assert.Equal($"审查结果：案件 {number} / Decision: case {number}", mail.Subject);
        Assert.Contains("不予受理", mail.Body);
        Assert.Contains("Not accepted", mail.Body);
        Assert.Contains(await notifications.NotificationsAsync(id, NotificationKinds.Decision), n => n.UserName == "applicant");
    }

    [Fact]
    public async Task A_reminder_is_emailed_to_each_holder_of_the_task_once_however_often_the_sweep_runs()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, number) = await cases.SubmitAsync(applicant, county: "140581");
        var task = await cases.WaitForTaskAsync(await app.SignedInAs("gaoping.clerk"), id, "Acceptance");
        var due = DateOnly.Parse(task.GetProperty("dueOn").GetString()!);
        var nearDeadline = new DateTimeOffset(due.AddDays(-1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));

        await notifications.SweepDeadlinesAtAsync(nearDeadline);
        await notifications.SweepDeadlinesAtAsync(nearDeadline);

        await app.Mail.WaitForAsync(_ => MailsAbout(number).Count >= 2);
        await QuietPeriod();
        var mails = MailsAbout(number);
        Assert.Equal(["gaoping.clerk2@demo.approvals.local", "gaoping.clerk@demo.approvals.local"], mails.SelectMany(m => m.RcptTo).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"到期提醒：案件 {number} / Reminder: case {number}", m.Subject));
        // The applicant is not told about the window's deadline.
        Assert.DoesNotContain(mails, m => m.RcptTo.Contains(ApplicantAddress));
    }
}
