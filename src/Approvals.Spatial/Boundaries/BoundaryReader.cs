using System.Text;
using System.Text.RegularExpressions;

namespace Approvals.Spatial.Boundaries;

/// <summary>
/// The front door: detects the format by content (zip magic "PK\x03\x04", JSON "{", or a 界址点 TXT with
/// [地块坐标] or point lines), never by file name, and hands the bytes to the matching reader.
/// </summary>
public sealed partial class BoundaryReader
{
    readonly BoundaryReadOptions options;
    readonly BoundaryCoordinateTxtReader txt;
    readonly GeoJsonBoundaryReader geoJson;
    readonly ShapefileZipBoundaryReader shapefile;

    /// <summary>Creates a reader; <paramref name="options"/> defaults to <see cref="BoundaryReadOptions.Default"/>.</summary>
    /// <exception cref="ArgumentException">The storage SRID is not a supported projected CRS.</exception>
    public BoundaryReader(BoundaryReadOptions? options = null)
    {
        this.options = BoundaryBuilder.CheckOptions(options);
        txt = new BoundaryCoordinateTxtReader(this.options);
        geoJson = new GeoJsonBoundaryReader(this.options);
        shapefile = new ShapefileZipBoundaryReader(this.options);
    }

    /// <summary>The limits and the storage CRS this reader works with.</summary>
    public BoundaryReadOptions Options => options;

    /// <summary>
    /// Reads an upload into memory once, refusing it as soon as it proves larger than the file limit: a
    /// stated length over the limit is refused before anything is read, and a stream that goes on past the
    /// limit stops being read there.
    /// </summary>
    /// <param name="content">The upload.</param>
    /// <param name="length">The length the caller knows (a form file's, a Content-Length), so that the bytes go straight into one array.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<BoundaryFileContent> ReadContentAsync(Stream content, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length is { } stated)
        {
            if (BoundaryBuilder.CheckSize(stated, options) is { } tooLarge)
            {
                return new BoundaryFileContent(null, tooLarge);
            }

            var bytes = new byte[stated];
            int filled = await content.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            // One more byte than stated means the length was wrong; the rest is read as for an unknown length.
            var probe = new byte[1];
            if (filled == bytes.Length && await content.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
            {
                return new BoundaryFileContent(bytes, null);
            }

            using var rest = new MemoryStream();
            rest.Write(bytes, 0, filled);
            rest.Write(probe, 0, filled == bytes.Length ? 1 : 0);
            return await ReadRestAsync(content, rest, cancellationToken).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        return await ReadRestAsync(content, buffer, cancellationToken).ConfigureAwait(false);
    }

    async Task<BoundaryFileContent> ReadRestAsync(Stream content, MemoryStream buffer, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (BoundaryBuilder.CheckSize(buffer.Length + read, options) is { } tooLarge)
            {
                return new BoundaryFileContent(null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return new BoundaryFileContent(buffer.ToArray(), null);
    }

    /// <summary>Reads a boundary file of any supported format from a stream (read to the end, up to the size limit).</summary>
    /// <param name="content">The upload.</param>
    /// <param name="fileName">Only used in messages; the format is detected from the content.</param>
    /// <param name="sourceSrid">The CRS of GeoJSON or .prj-less shapefile coordinates that are not lon/lat.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<BoundaryReadResult> ReadAsync(Stream content, string? fileName = null, int? sourceSrid = null, CancellationToken cancellationToken = default)
    {
        var file = await ReadContentAsync(content, null, cancellationToken).ConfigureAwait(false);
        return file.Error is { } error ? BoundaryReadResult.Failure(error) : Read(file.Content!, fileName, sourceSrid);
    }

    /// <summary>Reads a boundary file of any supported format from a stream (read to the end, up to the size limit).</summary>
    /// <param name="content">The upload.</param>
    /// <param name="fileName">Only used in messages; the format is detected from the content.</param>
    /// <param name="sourceSrid">The CRS of GeoJSON or .prj-less shapefile coordinates that are not lon/lat.</param>
    public BoundaryReadResult Read(Stream content, string? fileName = null, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (BoundaryBuilder.CheckSize(buffer.Length + read, options) is { } tooLarge)
            {
                return BoundaryReadResult.Failure(tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.ToArray(), fileName, sourceSrid);
    }

    /// <summary>Reads a boundary file of any supported format.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">Only used in messages; the format is detected from the content.</param>
    /// <param name="sourceSrid">The CRS of GeoJSON or .prj-less shapefile coordinates that are not lon/lat.</param>
    public BoundaryReadResult Read(byte[] content, string? fileName = null, int? sourceSrid = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (BoundaryBuilder.CheckSize(content.LongLength, options) is { } tooLarge)
        {
            return BoundaryReadResult.Failure(tooLarge);
        }

        return Detect(content) switch
        {
            BoundaryFormat.ShapefileZip => shapefile.Read(content, sourceSrid),
            BoundaryFormat.GeoJson => geoJson.Read(content, sourceSrid),
            BoundaryFormat.CoordinateTxt => txt.Read(content, sourceSrid),
            _ => BoundaryReadResult.Failure(BoundaryError.Create(
                BoundaryErrorCodes.UnknownFormat,
                $"无法识别{(fileName is null ? "该" : $"“{fileName}”的")}文件格式；支持界址点坐标 TXT、GeoJSON 和 zip 压缩的 shapefile",
                $"cannot recognise the format of {(fileName is null ? "the file" : $"\"{fileName}\"")}; supported are 界址点 coordinate TXT, GeoJSON and zipped shapefiles")),
        };
    }

    /// <summary>The format the content looks like, or null when it looks like none.</summary>
    public static BoundaryFormat? Detect(ReadOnlySpan<byte> content)
    {
        // Local file header, or the end-of-directory record of an empty archive.
        if (content.StartsWith("PK\x03\x04"u8) || content.StartsWith("PK\x05\x06"u8))
        {
            return BoundaryFormat.ShapefileZip;
        }

        var body = content.StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content;
        int first = 0;
        while (first < body.Length && body[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            first++;
        }

        if (first < body.Length && body[first] == (byte)'{')
        {
            return BoundaryFormat.GeoJson;
        }

        // Only the start is needed to recognise a TXT; decoding megabytes to find out is wasteful.
        var head = body[..Math.Min(body.Length, 64 * 1024)];
        string text = TextDecoding.Decode(head);
        return text.Contains("[地块坐标]", StringComparison.Ordinal) || PointLine().IsMatch(text)
            ? BoundaryFormat.CoordinateTxt
            : null;
    }

    [GeneratedRegex(@"^\s*[^,\s][^,]*,\s*\d+\s*,\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex PointLine();
}

/// <summary>An upload read into memory, or why it was not: it is larger than the file limit.</summary>
/// <param name="Content">The bytes, when within the limit.</param>
/// <param name="Error">The file-too-large error, otherwise.</param>
public sealed record BoundaryFileContent(byte[]? Content, BoundaryError? Error);
