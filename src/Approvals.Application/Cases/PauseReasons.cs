using Approvals.Application.Localization;

namespace Approvals.Application.Cases;

/// <summary>
/// Why a case's clock stood still (<see cref="CasePause.Reason"/>). The stored value is a fixed key, written in both
/// languages since the first release; people are shown the reason in their own language only.
/// </summary>
public static class PauseReasons
{
    /// <summary>Waiting for the applicant's correction (补正).</summary>
    public const string Correction = "补正 / correction";

    /// <summary>The reason in the reader's language: a known key by its name, any other "中文 / English" pair by its half.</summary>
    public static string Name(string stored) => stored switch
    {
        Correction => Bilingual.Text("补正", "Correction"),
        _ when stored.Split(" / ") is [var chinese, var english] => Bilingual.Text(chinese, english),
        _ => stored,
    };
}
