using System.Text.RegularExpressions;
using Approvals.Domain.BaseMaps;
using Approvals.Domain.Calendar;
using Approvals.Domain.Decisions;
using Approvals.Domain.Documents;
using Approvals.Domain.Routing;

namespace Approvals.Application.Rules;

/// <summary>
/// Which files of the rules folder are the province's rules (and so make up a rules version): the five rules files and
/// one calendar file per year. The workflow definition (joint-preapproval.json) is not among them: it has versions of its own.
/// </summary>
public static partial class RulesFiles
{
    public const string CalendarFolder = "calendar";

    /// <summary>The fixed files, in the order the console shows them.</summary>
    public static readonly IReadOnlyList<string> Fixed =
        [BaseMapCatalogue.FileName, RoutingRules.FileName, TimeLimits.FileName, RequiredDocuments.FileName, DecisionDocumentRules.FileName];

    /// <summary>True for a calendar year's file name, <c>calendar/2026.json</c>.</summary>
    public static bool IsCalendarYear(string name) => CalendarYearName().IsMatch(name);

    /// <summary>True when <paramref name="name"/> is a rules file's name (a fixed file or a calendar year).</summary>
    public static bool IsRulesFile(string name) => Fixed.Contains(name) || IsCalendarYear(name);

    /// <summary>The rules files of a folder: name (calendar years as <c>calendar/2026.json</c>) → content.</summary>
    public static IReadOnlyDictionary<string, string> Read(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Fixed)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) files[name] = File.ReadAllText(path);
        }
        var calendar = Path.Combine(folder, CalendarFolder);
        if (Directory.Exists(calendar))
            foreach (var path in Directory.EnumerateFiles(calendar, "*.json"))
                files[$"{CalendarFolder}/{Path.GetFileName(path)}"] = File.ReadAllText(path);
        return files;
    }

    /// <summary>The files in the console's order: fixed files first, then the calendar years ascending.</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> names) =>
        names.OrderBy(n => Fixed.Contains(n) ? Fixed.ToList().IndexOf(n) : Fixed.Count).ThenBy(n => n, StringComparer.Ordinal);

    [GeneratedRegex(@"^calendar/\d{4}\.json$")]
    private static partial Regex CalendarYearName();
}
