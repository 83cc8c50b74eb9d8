using Approvals.Domain.Routing;

namespace Approvals.Application.Notifications;

/// <summary>What a notification is about (its <see cref="Notification.Kind"/>), with the name people see.</summary>
public static class NotificationKinds
{
    /// <summary>A task has used 80 % of its time (to whoever may work it).</summary>
    public const string TaskReminder = "task-reminder";
    /// <summary>A task is past its due date (to the supervisors of its jurisdiction).</summary>
    public const string TaskOverdue = "task-overdue";
    /// <summary>A review or the window asked the applicant for a correction (补正).</summary>
    public const string CorrectionRequested = "correction-requested";
    /// <summary>The case was decided (approved, refused or not accepted).</summary>
    public const string Decision = "decision";
    /// <summary>A base-map layer a case was checked against has changed (written by the re-check).</summary>
    public const string BaseMapChange = "basemap-change";

    /// <summary>The kinds also sent by e-mail when a mail server is configured: what needs someone to act or learn a result.</summary>
    public static bool IsEmailed(string kind) => kind is TaskReminder or TaskOverdue or CorrectionRequested or Decision;

    public static BilingualText Name(string kind) => kind switch
    {
        TaskReminder => new("到期提醒", "Reminder"),
        TaskOverdue => new("超期督办", "Overdue"),
        CorrectionRequested => new("补正通知", "Correction requested"),
        Decision => new("审查结果", "Decision"),
        BaseMapChange => new("底图变化", "Base map changed"),
        _ => new("通知", "Notice"),
    };
}
