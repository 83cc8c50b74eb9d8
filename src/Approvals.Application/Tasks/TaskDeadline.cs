using Approvals.Domain.Calendar;

namespace Approvals.Application.Tasks;

public static class TaskDeadline
{
    /// <summary>
    /// Working days from today to the due date; negative once it has passed, and then at least one: a task is late from
    /// the day after its due date, though no working day may have passed yet (due on a Friday, seen on the weekend;
    /// due before a holiday), and "0 working days overdue" would say it is not late.
    /// </summary>
    public static int WorkingDaysLeft(this WorkingDayCalendar calendar, DateOnly today, DateOnly due)
    {
        try
        {
            return due >= today ? calendar.WorkingDaysBetween(today, due) : -Math.Max(1, calendar.WorkingDaysBetween(due, today));
        }
        catch (CalendarYearNotLoadedException)
        {
            // A year whose holiday arrangement is not published yet: calendar days are the honest fallback.
            return due.DayNumber - today.DayNumber;
        }
    }
}
