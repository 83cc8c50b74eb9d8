namespace Approvals.Application.Dashboard;

/// <summary>
/// The dashboard's read model in PostgreSQL. One fact row per case keeps its working-day durations
/// (paused time excluded) so that a province supervisor's panels aggregate narrow rows instead of
/// re-deriving them from tasks and pauses for a million cases. Triggers on cases, review_tasks and
/// case_pauses refresh the case's row in the same transaction as the change, whoever makes it (the
/// workflow, an extension, a withdrawal); bulk loads disable them and refresh everything at the end.
/// Working days come from <c>dashboard_calendar</c>, written from the rules' calendar by
/// <see cref="DashboardCalendar"/>: <c>ordinal</c> counts working days up to and including the day, so
/// the working days after a up to and including b are <c>ordinal(b) - ordinal(a)</c>, as
/// <c>WorkingDayCalendar.WorkingDaysBetween</c> counts them.
/// The tables, functions and triggers are made by the migrations, each from its own SQL file
/// (migrations/Approvals.Migrations/Schema/*.sql; the newest file that defines a function is its current text).
/// Use types are masks of <c>1 &lt;&lt; type</c> as in <see cref="Tasks.UseTypeMask"/>, dates Beijing dates
/// (<c>beijing_date(timestamptz)</c> in SQL, <see cref="Rules.LocalDate"/> here). This class keeps only the SQL
/// the application runs itself.
/// </summary>
public static class DashboardSchema
{
    /// <summary>Bulk loads switch the per-row refresh off and refresh every case once at the end.</summary>
    public const string DisableTriggers = """
        ALTER TABLE cases DISABLE TRIGGER dashboard_case_changed;
        ALTER TABLE review_tasks DISABLE TRIGGER dashboard_case_changed;
        ALTER TABLE case_pauses DISABLE TRIGGER dashboard_case_changed;
        """;

    public const string EnableTriggers = """
        ALTER TABLE cases ENABLE TRIGGER dashboard_case_changed;
        ALTER TABLE review_tasks ENABLE TRIGGER dashboard_case_changed;
        ALTER TABLE case_pauses ENABLE TRIGGER dashboard_case_changed;
        """;
}
