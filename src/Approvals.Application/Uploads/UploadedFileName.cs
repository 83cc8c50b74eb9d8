using System.Globalization;

namespace Approvals.Application.Uploads;

/// <summary>
/// The name of an uploaded file as it is kept and shown: without a path, without control characters and without
/// Unicode format characters (category Cf: bidirectional overrides such as U+202E, zero-width spaces and joiners),
/// which can make "invoice[U+202E]fdp.exe" read as "invoiceexe.pdf" on a page or in a download dialog.
/// </summary>
public static class UploadedFileName
{
    /// <returns>The cleaned name, or <paramref name="fallback"/> when nothing is left of it.</returns>
    public static string Clean(string? fileName, string fallback)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray()).Trim();
        return name.Length == 0 ? fallback : name;
    }
}
