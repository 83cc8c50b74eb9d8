namespace Approvals.Application.Attachments;

/// <summary>What may be attached: PDF and common images, recognised by their first bytes, within size limits.</summary>
public static class AttachmentRules
{
    public const long MaxFileBytes = 20L * 1024 * 1024;
    public const long MaxTotalBytes = 100L * 1024 * 1024;
    public const int MaxFiles = 30;

    /// <summary>The content type the bytes are, or null when they are none of the accepted kinds.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? "application/pdf"
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>A file name safe to store and to send back in a header: no path, no control or format characters, at most 200 characters.</summary>
    public static string CleanName(string? fileName)
    {
        var name = Uploads.UploadedFileName.Clean(fileName, "attachment").Replace("\"", "", StringComparison.Ordinal);
        if (name.Length == 0) name = "attachment";
        return name.Length <= 200 ? name : name[..100] + "…" + name[^99..];
    }
}
