using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Approvals.Application.Printing;

/// <summary>
/// The fonts our PDFs are written in, embedded as subsets (only the glyphs a document uses): Chinese (and the
/// full-width punctuation around it) in a CJK TrueType face, everything else (digits, Latin, ², –, Ⅳ) in DejaVu Sans;
/// <see cref="PdfFlow"/> splits text into runs by <see cref="IsCjk"/>. PDFsharp 6.2 reads neither a face out of a
/// TrueType collection (its resolver's collection number "must be zero") nor CFF outlines, so Debian's Noto CJK (.ttc,
/// CFF) cannot be used; Debian's <c>fonts-droid-fallback</c> ships DroidSansFallbackFull.ttf (glyf outlines, GB 2312
/// and far beyond), which has no Latin letters or digits, hence the pair. Every family resolves to one of these two
/// files, so nothing depends on the other fonts of the machine.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    public const string Cjk = "Approvals CJK";
    public const string Latin = "Approvals Latin";

    /// <summary>Where Debian puts the faces (fonts-droid-fallback, fonts-dejavu-core); <c>APPROVALS_PDF_FONT</c> names another CJK .ttf.</summary>
    public const string CjkPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    public const string LatinPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const string LatinBoldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    private static readonly Dictionary<string, Lazy<byte[]>> Faces = new()
    {
        ["cjk"] = new(() => Load(Environment.GetEnvironmentVariable("APPROVALS_PDF_FONT") is { Length: > 0 } path ? path : CjkPath, "fonts-droid-fallback")),
        ["latin"] = new(() => Load(LatinPath, "fonts-dejavu-core")),
        ["latin-bold"] = new(() => Load(LatinBoldPath, "fonts-dejavu-core")),
    };
    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver (once per process: PDFsharp's font settings are global).</summary>
    public static void Use()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is DocumentFonts) return;
            foreach (var face in Faces.Values) _ = face.Value;
            GlobalFontSettings.FontResolver = new DocumentFonts();
        }
    }

    /// <summary>Chinese, Japanese and Korean scripts, their punctuation (、。〔〕) and full-width forms (，：（）) are drawn in the CJK face.</summary>
    public static bool IsCjk(char c) => c >= '\u2E80' && c is < '\uFE10' or >= '\uFE30';

    /// <summary>The CJK face has no bold: PDFsharp simulates it (a stroked outline); DejaVu has its own.</summary>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName == Cjk
        ? new FontResolverInfo("cjk", bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None)
        : new FontResolverInfo(bold ? "latin-bold" : "latin");

    public byte[]? GetFont(string faceName) => Faces[faceName].Value;

    private static byte[] Load(string path, string package) => File.Exists(path)
        ? File.ReadAllBytes(path)
        : throw new InvalidOperationException($"Font for PDF documents not found: {path} (install Debian's {package}).");
}
