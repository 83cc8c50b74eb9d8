using System.Text;

namespace Approvals.Spatial.Boundaries;

/// <summary>Decodes text files that come as UTF-8 (with or without BOM) or GBK (code page 936).</summary>
public static class TextDecoding
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>UTF-8 when the bytes are valid UTF-8 (GBK text with Chinese almost never is), else GBK.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gbk.GetString(bytes);
        }
    }

    /// <summary>The encoding named in a shapefile .cpg ("UTF-8", "GBK", "936", "CP936"…); GBK when unknown.</summary>
    public static Encoding FromCodePageName(string? name)
    {
        string n = (name ?? string.Empty).Trim().ToUpperInvariant();
        if (n.Length == 0)
        {
            return Gbk;
        }

        if (n is "UTF-8" or "UTF8" or "65001")
        {
            return new UTF8Encoding(false);
        }

        // ArcGIS writes e.g. "936", "CP936" or "ANSI 936".
        if (n.StartsWith("CP", StringComparison.Ordinal))
        {
            n = n[2..].Trim();
        }
        else if (n.StartsWith("ANSI ", StringComparison.Ordinal))
        {
            n = n[5..].Trim();
        }

        if (int.TryParse(n, out int codePage))
        {
            try
            {
                return Encoding.GetEncoding(codePage);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return Gbk;
            }
        }

        try
        {
            return Encoding.GetEncoding(n);
        }
        catch (ArgumentException)
        {
            return Gbk;
        }
    }
}
