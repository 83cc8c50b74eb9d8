namespace Approvals.Application.Workflows;

/// <summary>
/// The port to the job system (Hangfire, in Infrastructure): runs an outbox message's work at a time,
/// and forgets a scheduled job. The application never sees Hangfire itself.
/// </summary>
public interface IJobScheduler
{
    /// <summary>Schedules <see cref="OutboxWork.RunAsync"/> for the message; returns the job id.</summary>
    string Schedule(Guid outboxMessageId, DateTimeOffset? runAt);

    /// <summary>Deletes a scheduled job; a job already run or gone is fine.</summary>
    void Delete(string jobId);
}

/// <summary>The kinds of background work the outbox carries.</summary>
public static class OutboxKinds
{
    /// <summary>Run the spatial check of a case and signal its workflow.</summary>
    public const string CaseSpatialCheck = "case-spatial-check";
    /// <summary>Resume a timer bookmark when it is due.</summary>
    public const string TimerDue = "timer-due";
    /// <summary>Check an open case again after a base-map change (see Rechecks/RecheckCase).</summary>
    public const string CaseRecheck = "case-recheck";
    /// <summary>Delete the Hangfire job of a timer that was cancelled.</summary>
    public const string CancelJob = "cancel-job";
    /// <summary>Send (or retry) the e-mail of one notification (<c>Notifications/EmailDeliveryWork</c>).</summary>
    public const string NotificationEmail = "notification-email";
    /// <summary>Import an uploaded base-map layer (<c>BaseMaps/BaseMapImportWork</c>).</summary>
    public const string BaseMapImport = "base-map-import";
}
