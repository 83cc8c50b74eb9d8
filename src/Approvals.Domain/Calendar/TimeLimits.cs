using Approvals.Domain.BaseMaps;

namespace Approvals.Domain.Calendar;

/// <summary>How a case's overall time limit may be extended: by <see cref="Days"/>, at most <see cref="MaxCount"/> times, with a recorded reason when required.</summary>
public sealed record ExtensionRule(int Days, int MaxCount, bool ReasonRequired);

/// <summary>
/// The statutory time limits in working days, from <c>workflows/time-limits.json</c> (defaults after 行政许可法 art. 42).
/// Count them with <see cref="WorkingDayCalendar"/>, excluding pauses.
/// </summary>
/// <param name="Acceptance">The county window's acceptance check.</param>
/// <param name="LevelReview">The deciding level's review.</param>
/// <param name="FirstReview">A lower level's first review before forwarding.</param>
/// <param name="WholeCase">The whole joint case, before any extension.</param>
/// <param name="DocumentIssue">Issuing the document after the decision.</param>
/// <param name="Extension">How the whole-case limit may be extended.</param>
/// <param name="ReminderAtFraction">The share of a limit after which a reminder is due (0.8 = at 80 %).</param>
public sealed record TimeLimits(int Acceptance, int LevelReview, int FirstReview, int WholeCase, int DocumentIssue, ExtensionRule Extension, decimal ReminderAtFraction)
{
    /// <summary>The file name under <c>workflows/</c>.</summary>
    public const string FileName = "time-limits.json";

    /// <summary>The whole-case limit after <paramref name="extensionsGranted"/> extensions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More extensions than the rule allows.</exception>
    public int WholeCaseWith(int extensionsGranted)
    {
        if (extensionsGranted < 0 || extensionsGranted > Extension.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(extensionsGranted), extensionsGranted, $"At most {Extension.MaxCount} extension(s) may be granted.");
        return WholeCase + extensionsGranted * Extension.Days;
    }

    /// <summary>After how many working days of a <paramref name="limitDays"/> limit the reminder is due (rounded down, at least 1), e.g. 16 of 20.</summary>
    public int ReminderAfter(int limitDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitDays);
        return Math.Max(1, (int)Math.Floor(limitDays * ReminderAtFraction));
    }

    /// <summary>Loads and validates a time-limits file.</summary>
    public static TimeLimits Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses and validates time-limits JSON.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or a figure is out of range; the message says which.</exception>
    public static TimeLimits Parse(string json, string fileName = FileName)
    {
        var f = RuleValues.Deserialize<LimitsFile>(json, fileName);
        if (!string.Equals(f.Unit ?? "workingDays", "workingDays", StringComparison.Ordinal))
            throw new InvalidDataException($"{fileName}: 'unit' must be 'workingDays'.");
        var extension = RuleValues.Required(f.Extension, "extension", fileName);
        var fraction = RuleValues.Required(f.ReminderAtFraction, "reminderAtFraction", fileName);
        if (fraction is <= 0 or >= 1) throw new InvalidDataException($"{fileName}: 'reminderAtFraction' must be between 0 and 1 (exclusive).");
        return new TimeLimits(
            Days(f.Acceptance, "acceptance"),
            Days(f.LevelReview, "levelReview"),
            Days(f.FirstReview, "firstReview"),
            Days(f.WholeCase, "wholeCase"),
            Days(f.DocumentIssue, "documentIssue"),
            new ExtensionRule(Days(extension.Days, "extension.days"), RuleValues.Required(extension.MaxCount, "extension.maxCount", fileName) is var max and >= 0 ? max : throw new InvalidDataException($"{fileName}: 'extension.maxCount' must not be negative."), extension.ReasonRequired ?? true),
            fraction);

        int Days(int? value, string field) =>
            RuleValues.Required(value, field, fileName) is var v and > 0 ? v : throw new InvalidDataException($"{fileName}: '{field}' must be a positive number of working days.");
    }

    private sealed class LimitsFile
    {
        public string? Source { get; set; }
        public string? Unit { get; set; }
        public int? Acceptance { get; set; }
        public int? LevelReview { get; set; }
        public int? FirstReview { get; set; }
        public int? WholeCase { get; set; }
        public int? DocumentIssue { get; set; }
        public ExtensionEntry? Extension { get; set; }
        public decimal? ReminderAtFraction { get; set; }
    }

    private sealed class ExtensionEntry
    {
        public int? Days { get; set; }
        public int? MaxCount { get; set; }
        public bool? ReasonRequired { get; set; }
    }
}
