using System.Globalization;
using Approvals.Domain.Routing;

namespace Approvals.Application.Localization;

/// <summary>
/// Picks the Chinese or English wording of a message shown to a person, by the current UI culture.
/// Messages are written next to the rule that raises them, so the two wordings cannot drift apart.
/// </summary>
public static class Bilingual
{
    public static string Text(string chinese, string english) => English ? english : chinese;

    /// <summary>True when the reader reads English (for texts that carry both wordings, as a definition's names).</summary>
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>A name from the catalogue (<c>Names</c>) in the current language.</summary>
    public static string Text(this BilingualText text) => Text(text.Zh, text.En);
}
