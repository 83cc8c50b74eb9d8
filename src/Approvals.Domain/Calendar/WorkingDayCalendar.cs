using System.Globalization;
using Approvals.Domain.BaseMaps;

namespace Approvals.Domain.Calendar;

/// <summary>A public holiday as the calendar file lists it: a name and an inclusive date range.</summary>
public sealed record PublicHoliday(string Name, string NameEn, DateOnly From, DateOnly To);

/// <summary>One year of the working-day calendar: its holidays, its make-up working days (调休) and where the data came from.</summary>
/// <param name="Provisional">True when the official arrangement was not yet known and the year holds only statutory dates.</param>
public sealed record CalendarYear(int Year, bool Provisional, string Source, IReadOnlyList<PublicHoliday> Holidays, IReadOnlyList<DateOnly> MakeUpWorkingDays);

/// <summary>
/// A period during which the statutory clock stood still (correction 补正, hearing, expert review, public notice):
/// from <see cref="From"/> inclusive to <see cref="To"/> exclusive, the day the clock resumes; null while still paused.
/// </summary>
public sealed record ClockPause(DateOnly From, DateOnly? To, string? Reason = null)
{
    /// <summary>True when <paramref name="date"/> falls in the pause.</summary>
    public bool Contains(DateOnly date) => date >= From && (To is not { } to || date < to);
}

/// <summary>Thrown when a calculation reaches a date whose year the calendar has not loaded.</summary>
public sealed class CalendarYearNotLoadedException(int year, IReadOnlyCollection<int> loadedYears)
    : InvalidOperationException($"The working-day calendar has no data for {year} (loaded: {string.Join(", ", loadedYears)}); add workflows/calendar/{year}.json rather than guessing.")
{
    /// <summary>The year that is missing.</summary>
    public int Year { get; } = year;
}

/// <summary>
/// Working days per the published holiday arrangement: weekends and public holidays are off, official make-up days (调休) are
/// working days. Built from <c>workflows/calendar/{year}.json</c>; a date outside the loaded years is an error, never a guess.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<int, CalendarYear> years;
    private readonly HashSet<DateOnly> holidays = [];
    private readonly HashSet<DateOnly> makeUpDays = [];

    /// <exception cref="InvalidDataException">Two entries for one year, or a year's data is inconsistent.</exception>
    public WorkingDayCalendar(IEnumerable<CalendarYear> calendarYears)
    {
        years = [];
        foreach (var year in calendarYears)
        {
            if (!years.TryAdd(year.Year, year)) throw new InvalidDataException($"Calendar year {year.Year} is defined twice.");
            foreach (var holiday in year.Holidays)
            {
                for (var d = holiday.From; d <= holiday.To; d = d.AddDays(1)) holidays.Add(d);
            }

            foreach (var day in year.MakeUpWorkingDays) makeUpDays.Add(day);
        }

        if (years.Count == 0) throw new InvalidDataException("The working-day calendar needs at least one year.");
    }

    /// <summary>The years loaded, ascending.</summary>
    public IReadOnlyList<int> Years => years.Keys.Order().ToList();

    /// <summary>The loaded data of one year.</summary>
    public CalendarYear this[int year] => years.TryGetValue(year, out var y) ? y : throw new CalendarYearNotLoadedException(year, Years);

    /// <summary>Loads every <c>*.json</c> year file in <paramref name="calendarDirectory"/> (e.g. <c>workflows/calendar</c>).</summary>
    public static WorkingDayCalendar Load(string calendarDirectory) =>
        new(Directory.EnumerateFiles(calendarDirectory, "*.json").Order(StringComparer.Ordinal)
            .Select(path => ParseYear(File.ReadAllText(path), Path.GetFileName(path))));

    /// <summary>Parses and validates one year file.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or inconsistent; the message says where.</exception>
    public static CalendarYear ParseYear(string json, string fileName = "calendar")
    {
        var f = RuleValues.Deserialize<YearFile>(json, fileName);
        var year = RuleValues.Required(f.Year, "year", fileName);
        var source = RuleValues.Required(f.Source, "source", fileName);
        var holidays = new List<PublicHoliday>();
        foreach (var h in RuleValues.Required(f.Holidays, "holidays", fileName))
        {
            var where = $"{fileName}: holiday '{h.Name}'";
            var from = ParseDate(h.From, "from", where, year);
            var to = ParseDate(h.To, "to", where, year);
            if (to < from) throw new InvalidDataException($"{where}: 'to' is before 'from'.");
            holidays.Add(new PublicHoliday(RuleValues.Required(h.Name, "name", where), RuleValues.Required(h.NameEn, "nameEn", where), from, to));
        }

        var makeUps = new List<DateOnly>();
        foreach (var m in RuleValues.Required(f.MakeUpWorkingDays, "makeUpWorkingDays", fileName))
        {
            var where = $"{fileName}: make-up day '{m.Date}'";
            var date = ParseDate(m.Date, "date", where, year);
            // A make-up day only means something on a weekend; a weekday here is a typo in the file.
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                throw new InvalidDataException($"{where}: a make-up working day must fall on a weekend, but it is a {date.DayOfWeek}.");
            if (holidays.Any(h => date >= h.From && date <= h.To))
                throw new InvalidDataException($"{where}: the date is also inside a holiday.");
            makeUps.Add(date);
        }

        return new CalendarYear(year, f.Provisional ?? false, source, holidays, makeUps);
    }

    /// <summary>True when <paramref name="date"/> is a working day.</summary>
    /// <exception cref="CalendarYearNotLoadedException">The date's year is not loaded.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        if (!years.ContainsKey(date.Year)) throw new CalendarYearNotLoadedException(date.Year, Years);
        if (makeUpDays.Contains(date)) return true;
        if (holidays.Contains(date)) return false;
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="workingDays"/>-th working day after <paramref name="start"/> (the start itself does not count): a deadline.</summary>
    /// <exception cref="CalendarYearNotLoadedException">The count runs into a year that is not loaded.</exception>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays) => AddWorkingDays(start, workingDays, []);

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>, not counting days inside
    /// <paramref name="pauses"/>: a deadline pushed back by the time the clock stood still. An open pause never ends, so it is refused.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays, IReadOnlyCollection<ClockPause> pauses)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (pauses.Any(p => p.To is null)) throw new ArgumentException("A deadline cannot be computed while the clock is paused.", nameof(pauses));
        var date = start;
        for (var counted = 0; counted < workingDays;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date) && !pauses.Any(p => p.Contains(date))) counted++;
        }

        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; so <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>. Negative when <paramref name="to"/> is earlier.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to) => ElapsedWorkingDays(from, to, []);

    /// <summary>
    /// Working days the statutory clock has run from <paramref name="from"/> to <paramref name="to"/> (as in <see cref="WorkingDaysBetween"/>),
    /// excluding days inside <paramref name="pauses"/>.
    /// </summary>
    public int ElapsedWorkingDays(DateOnly from, DateOnly to, IReadOnlyCollection<ClockPause> pauses)
    {
        if (to < from) return -ElapsedWorkingDays(to, from, pauses);
        // Check both ends first so that a range reaching into an unloaded year fails before any counting.
        _ = IsWorkingDay(from);
        _ = IsWorkingDay(to);
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d) && !pauses.Any(p => p.Contains(d))) count++;
        }

        return count;
    }

    private static DateOnly ParseDate(string? text, string field, string where, int year)
    {
        var value = RuleValues.Required(text, field, where);
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new InvalidDataException($"{where}: '{field}' is not a yyyy-MM-dd date: '{value}'.");
        if (date.Year != year) throw new InvalidDataException($"{where}: {value} is not in {year}.");
        return date;
    }

    private sealed class YearFile
    {
        public int? Year { get; set; }
        public bool? Provisional { get; set; }
        public string? Source { get; set; }
        public List<HolidayEntry>? Holidays { get; set; }
        public List<MakeUpEntry>? MakeUpWorkingDays { get; set; }
    }

    private sealed class HolidayEntry
    {
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
    }

    private sealed class MakeUpEntry
    {
        public string? Date { get; set; }
        public string? For { get; set; }
    }
}
