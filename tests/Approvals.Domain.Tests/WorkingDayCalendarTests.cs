using Approvals.Domain.Calendar;

namespace Approvals.Domain.Tests;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkflowsFolder.Calendar;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Five_working_days_after_30_September_2026_skip_National_Day_and_count_the_10_October_make_up_day()
    {
        // Oct 1-7 are off; Oct 8 (Thu) is day 1, Oct 9 (Fri) day 2, Oct 10 (Sat, make-up) day 3,
        // Oct 11 (Sun) is off, Oct 12 (Mon) day 4, Oct 13 (Tue) day 5.
        Assert.Equal(D(2026, 10, 13), Calendar.AddWorkingDays(D(2026, 9, 30), 5));
    }

    [Fact]
    public void Saturday_14_February_2026_is_a_make_up_working_day()
    {
        Assert.Equal(DayOfWeek.Saturday, D(2026, 2, 14).DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 14)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 28)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 1, 4)));   // Sunday, make-up for New Year
        Assert.True(Calendar.IsWorkingDay(D(2026, 9, 20)));  // Sunday, make-up for National Day
    }

    [Fact]
    public void Holidays_and_ordinary_weekends_are_not_working_days()
    {
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 16)));  // Monday in the Spring Festival
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 23)));  // last day of the Spring Festival
        Assert.False(Calendar.IsWorkingDay(D(2026, 5, 5)));   // Tuesday, Labour Day
        Assert.False(Calendar.IsWorkingDay(D(2026, 3, 7)));   // an ordinary Saturday
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 24)));   // back to work
        Assert.True(Calendar.IsWorkingDay(D(2026, 3, 9)));    // an ordinary Monday
    }

    [Fact]
    public void Counting_between_two_dates_is_the_inverse_of_adding()
    {
        var start = D(2026, 9, 30);
        Assert.Equal(5, Calendar.WorkingDaysBetween(start, D(2026, 10, 13)));
        Assert.Equal(45, Calendar.WorkingDaysBetween(D(2026, 2, 2), Calendar.AddWorkingDays(D(2026, 2, 2), 45)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(start, start));
        Assert.Equal(-5, Calendar.WorkingDaysBetween(D(2026, 10, 13), start));
        Assert.Equal(D(2026, 3, 2), Calendar.AddWorkingDays(D(2026, 3, 2), 0));
    }

    [Fact]
    public void A_pause_for_correction_is_not_counted_in_the_elapsed_working_days()
    {
        // Accepted Mon 2 March; 3-6, 9-13 and 16-20 March are 14 working days by Fri 20 March.
        var accepted = D(2026, 3, 2);
        var friday = D(2026, 3, 20);
        Assert.Equal(14, Calendar.ElapsedWorkingDays(accepted, friday, []));

        // Correction requested 9 March, resubmitted 16 March: the five days in between do not count.
        ClockPause[] correction = [new ClockPause(D(2026, 3, 9), D(2026, 3, 16), "补正")];
        Assert.Equal(9, Calendar.ElapsedWorkingDays(accepted, friday, correction));

        // Still waiting for the applicant since 16 March: the clock stopped there.
        Assert.Equal(9, Calendar.ElapsedWorkingDays(accepted, friday, [new ClockPause(D(2026, 3, 16), null)]));
    }

    [Fact]
    public void A_pause_pushes_the_deadline_back()
    {
        var accepted = D(2026, 3, 2);
        Assert.Equal(D(2026, 3, 16), Calendar.AddWorkingDays(accepted, 10));
        Assert.Equal(D(2026, 3, 23), Calendar.AddWorkingDays(accepted, 10, [new ClockPause(D(2026, 3, 9), D(2026, 3, 16))]));
        Assert.Throws<ArgumentException>(() => Calendar.AddWorkingDays(accepted, 10, [new ClockPause(D(2026, 3, 9), null)]));
    }

    [Fact]
    public void A_date_outside_the_loaded_years_is_an_error_not_a_guess()
    {
        var error = Assert.Throws<CalendarYearNotLoadedException>(() => Calendar.IsWorkingDay(D(2025, 12, 31)));
        Assert.Equal(2025, error.Year);
        Assert.Equal(2028, Assert.Throws<CalendarYearNotLoadedException>(() => Calendar.AddWorkingDays(D(2027, 12, 28), 10)).Year);
        Assert.Throws<CalendarYearNotLoadedException>(() => Calendar.WorkingDaysBetween(D(2026, 1, 5), D(2028, 1, 5)));
    }

    [Fact]
    public void The_2026_arrangement_is_official_and_2027_is_provisional_with_statutory_holidays_only()
    {
        Assert.Equal([2026, 2027], Calendar.Years);
        Assert.False(Calendar[2026].Provisional);
        Assert.True(Calendar[2027].Provisional);
        Assert.Empty(Calendar[2027].MakeUpWorkingDays);
        Assert.False(Calendar.IsWorkingDay(D(2027, 2, 8)));  // 初三, Monday
        Assert.True(Calendar.IsWorkingDay(D(2027, 2, 9)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 9, 15))); // Mid-Autumn, Wednesday
    }

    [Fact]
    public void A_year_crossing_count_uses_both_years()
    {
        // Wed 30 Dec 2026 + 2: Thu 31 Dec, then 1 Jan 2027 (Fri) is New Year, so Mon 4 Jan 2027.
        Assert.Equal(D(2027, 1, 4), Calendar.AddWorkingDays(D(2026, 12, 30), 2));
    }

    [Fact]
    public void A_make_up_day_on_a_weekday_is_refused_at_load()
    {
        const string json = """
            {"year": 2026, "source": "test", "holidays": [], "makeUpWorkingDays": [{"date": "2026-03-04", "for": "x"}]}
            """;
        var error = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.ParseYear(json, "2026.json"));
        Assert.Contains("weekend", error.Message);
    }

    [Fact]
    public void A_date_in_another_year_is_refused_at_load()
    {
        const string json = """
            {"year": 2026, "source": "test", "holidays": [{"name": "x", "nameEn": "x", "from": "2027-01-01", "to": "2027-01-01"}], "makeUpWorkingDays": []}
            """;
        Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.ParseYear(json, "2026.json"));
    }
}
