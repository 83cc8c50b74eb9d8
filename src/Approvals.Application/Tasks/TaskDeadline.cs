using Approvals.Domain.Calendar;

namespace Approvals.Application.Tasks;

public static class TaskDeadline
{
    /// <summary>Working days from today to the due date; negative once it has passed.</summary>
    public static int WorkingDaysLeft(this WorkingDayCalendar calendar, DateOnly today, DateOnly due)
    {
        try
        {
            return due >= today ? calendar.WorkingDaysBetween(today, due) : -calendar.WorkingDaysBetween(due, today);
        }
        catch (CalendarYearNotLoadedException)
        {
            // A year whose holiday arrangement is not published yet: calendar days are the honest fallback.
            return due.DayNumber - today.DayNumber;
        }
    }
}
