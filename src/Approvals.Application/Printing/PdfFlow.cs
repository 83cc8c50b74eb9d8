using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using QRCoder;

namespace Approvals.Application.Printing;

/// <summary>
/// The drawing basics our PDFs share (the decision document, the comparison report): A4 pages with 25 mm side margins,
/// text that wraps (Chinese may break between any two characters, Latin at spaces) and flows onto the next page,
/// tables, a red round seal, a QR code, and page numbers. Everything is vector; the one font is <see cref="DocumentFonts"/>.
/// </summary>
public sealed class PdfFlow : IDisposable
{
    public const double Millimetre = 72 / 25.4;
    public static readonly XColor SealRed = XColor.FromArgb(214, 0, 0);

    private readonly List<XGraphics> pages = [];
    private readonly string? footer;

    public PdfDocument Document { get; }
    public XGraphics Graphics => pages[^1];
    public double Left { get; } = 25 * Millimetre;
    public double Top { get; } = 25 * Millimetre;
    public double Width { get; }
    public double Bottom { get; }
    /// <summary>Where the next block starts on the current page.</summary>
    public double Y { get; set; }

    public PdfFlow(string title, string? footer = null)
    {
        DocumentFonts.Use();
        this.footer = footer;
        Document = new PdfDocument();
        Document.Info.Title = title;
        Document.Info.Creator = "Approvals";
        Document.Options.CompressContentStreams = true;
        NewPage();
        Width = Document.Pages[0].Width.Point - 2 * Left;
        Bottom = Document.Pages[0].Height.Point - 20 * Millimetre;
    }

    /// <summary>A size and weight of text; drawn through <see cref="DrawText"/>, which picks the CJK or the Latin face per run.</summary>
    public static XFont Font(double size, bool bold = false) =>
        new(DocumentFonts.Cjk, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private static XFont LatinOf(XFont font) =>
        new(DocumentFonts.Latin, font.Size, font.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    /// <summary>The text split where it changes between CJK and other characters, each run with its face.</summary>
    private static IEnumerable<(string Text, XFont Font)> Runs(string text, XFont font)
    {
        var latin = LatinOf(font);
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || DocumentFonts.IsCjk(text[i]) != DocumentFonts.IsCjk(text[start]))
            {
                yield return (text[start..i], DocumentFonts.IsCjk(text[start]) ? font : latin);
                start = i;
            }
    }

    public double Measure(string text, XFont font) => Measure(Graphics, text, font);

    public static double Measure(XGraphics g, string text, XFont font) => Runs(text, font).Sum(r => g.MeasureString(r.Text, r.Font).Width);

    /// <summary>One line of text in its box (top-aligned), left, centred or right, each run in the face that has its glyphs.</summary>
    public void DrawText(string text, XFont font, XBrush brush, XRect box, XStringAlignment align = XStringAlignment.Near) =>
        DrawText(Graphics, text, font, brush, box, align);

    public static void DrawText(XGraphics g, string text, XFont font, XBrush brush, XRect box, XStringAlignment align = XStringAlignment.Near)
    {
        var width = Measure(g, text, font);
        var x = align switch
        {
            XStringAlignment.Center => box.X + (box.Width - width) / 2,
            XStringAlignment.Far => box.X + box.Width - width,
            _ => box.X,
        };
        foreach (var (run, runFont) in Runs(text, font))
        {
            var w = g.MeasureString(run, runFont).Width;
            g.DrawString(run, runFont, brush, new XRect(x, box.Y, w + 1, box.Height), XStringFormats.TopLeft);
            x += w;
        }
    }

    public void NewPage()
    {
        var page = Document.AddPage();
        page.Size = PageSize.A4;
        pages.Add(XGraphics.FromPdfPage(page));
        Y = Top;
    }

    /// <summary>Moves to a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void Need(double height)
    {
        if (Y + height > Bottom) NewPage();
    }

    public void Gap(double points) => Y += points;

    /// <summary>A paragraph, wrapped to the width less <paramref name="indent"/>; a first-line prefix (a number) hangs in the indent.</summary>
    public void Paragraph(string text, double size = 12, XStringAlignment align = XStringAlignment.Near, double indent = 0,
        string? hanging = null, bool bold = false, XBrush? brush = null, double after = 4, double lineSpacing = 1.5)
    {
        var font = Font(size, bold);
        var lineHeight = size * lineSpacing;
        var first = true;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Need(lineHeight);
            if (first && hanging is not null)
                DrawText(hanging, font, brush ?? XBrushes.Black, new XRect(Left, Y, indent, lineHeight));
            DrawText(line, font, brush ?? XBrushes.Black, new XRect(Left + indent, Y, Width - indent, lineHeight), align);
            Y += lineHeight;
            first = false;
        }
        Y += after;
    }

    /// <summary>Lines of at most <paramref name="width"/>: breaks at spaces in Latin text, between any two CJK characters, and at newlines.</summary>
    public IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            var lastBreak = -1;
            foreach (var ch in paragraph)
            {
                line.Append(ch);
                if (ch == ' ' || ch > 0x2E80) lastBreak = line.Length;
                if (line.Length > 1 && Measure(line.ToString(), font) > width)
                {
                    // Break after the last space or CJK character; a closing punctuation mark stays on its line's end.
                    var cut = lastBreak > 0 && lastBreak < line.Length ? lastBreak : line.Length - 1;
                    if (cut == line.Length - 1 && "，。；：、）》”".Contains(ch) && cut > 1) cut--;
                    yield return line.ToString(0, cut).TrimEnd();
                    line.Remove(0, cut);
                    lastBreak = -1;
                }
            }
            yield return line.ToString();
        }
    }

    /// <summary>A table with a header row, grid lines and cells that wrap; it continues on the next page with its header again.</summary>
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows, double size = 9)
    {
        var font = Font(size);
        var bold = Font(size, bold: true);
        var scale = Width / columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width * scale).ToArray();
        const double pad = 3;
        var lineHeight = size * 1.35;

        double Height(IReadOnlyList<string> cells, XFont f) =>
            cells.Select((text, i) => Wrap(text, f, widths[i] - 2 * pad).Count()).DefaultIfEmpty(1).Max() * lineHeight + 2 * pad;

        void Row(IReadOnlyList<string> cells, XFont f, bool header)
        {
            var height = Height(cells, f);
            var x = Left;
            if (header) Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(238, 238, 238)), Left, Y, Width, height);
            for (var i = 0; i < columns.Count; i++)
            {
                Graphics.DrawRectangle(new XPen(XColors.Gray, 0.5), x, Y, widths[i], height);
                var y = Y + pad;
                foreach (var line in Wrap(i < cells.Count ? cells[i] : "", f, widths[i] - 2 * pad))
                {
                    DrawText(line, f, XBrushes.Black, new XRect(x + pad, y, widths[i] - 2 * pad, lineHeight), header ? XStringAlignment.Center : columns[i].Align);
                    y += lineHeight;
                }
                x += widths[i];
            }
            Y += height;
        }

        var headers = columns.Select(c => c.Header).ToList();
        Need(Height(headers, bold) + lineHeight * 2);
        Row(headers, bold, header: true);
        foreach (var row in rows)
        {
            if (Y + Height(row, font) > Bottom)
            {
                NewPage();
                Row(headers, bold, header: true);
            }
            Row(row, font, header: false);
        }
        Y += 6;
    }

    /// <summary>
    /// A round official seal (公章) in red: a ring, a five-pointed star in the middle and the authority's name along
    /// the upper arc, each character turned to face outwards, as the printed seal of a Chinese authority looks.
    /// </summary>
    public void Seal(XPoint centre, double radius, string name, string? purpose = null)
    {
        var g = Graphics;
        var red = new XSolidBrush(SealRed);
        g.DrawEllipse(new XPen(SealRed, radius * 0.06), centre.X - radius, centre.Y - radius, 2 * radius, 2 * radius);
        var star = Enumerable.Range(0, 10).Select(i =>
        {
            var r = i % 2 == 0 ? radius * 0.28 : radius * 0.11;
            var a = Math.PI * i / 5 - Math.PI / 2;
            return new XPoint(centre.X + r * Math.Cos(a), centre.Y + r * Math.Sin(a));
        }).ToArray();
        g.DrawPolygon(red, star, XFillMode.Winding);

        var size = Math.Min(radius * 0.3, radius * 4.2 / Math.Max(1, name.Length));
        var font = Font(size);
        var span = Math.Min(250, name.Length * 360 * size / (2 * Math.PI * radius * 0.78) * 1.1);
        for (var i = 0; i < name.Length; i++)
        {
            var angle = -span / 2 + span * (i + 0.5) / name.Length;
            var state = g.Save();
            g.TranslateTransform(centre.X, centre.Y);
            g.RotateTransform(angle);
            DrawText(g, name[i].ToString(), font, red, new XRect(-size, -radius * 0.92, 2 * size, size * 1.2), XStringAlignment.Center);
            g.Restore(state);
        }
        if (purpose is not null)
        {
            var small = Font(radius * 0.16);
            DrawText(g, purpose, small, red, new XRect(centre.X - radius, centre.Y + radius * 0.38, 2 * radius, radius * 0.3), XStringAlignment.Center);
        }
    }

    /// <summary>A QR code of <paramref name="text"/> drawn as squares (no image), its quiet zone included, in a square of <paramref name="side"/> points.</summary>
    public void QrCode(string text, double x, double y, double side)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = side / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
            for (var col = 0; col < matrix[row].Length; col++)
                if (matrix[row][col])
                    Graphics.DrawRectangle(XBrushes.Black, x + col * module, y + row * module, module + 0.05, module + 0.05);
    }

    /// <summary>The finished document: page numbers (and the footer) on every page, then the bytes.</summary>
    public PdfDocument Finish()
    {
        var font = Font(8);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = Document.Pages[i];
            var text = (footer is null ? "" : footer + "    ") + string.Create(CultureInfo.InvariantCulture, $"{i + 1} / {pages.Count}");
            DrawText(pages[i], text, font, XBrushes.Gray, new XRect(Left, page.Height.Point - 14 * Millimetre, Width, 10), XStringAlignment.Center);
        }
        foreach (var g in pages) g.Dispose();
        pages.Clear();
        return Document;
    }

    public static byte[] Bytes(PdfDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        foreach (var g in pages) g.Dispose();
        Document.Dispose();
    }
}

public sealed record TableColumn(string Header, double Width, XStringAlignment Align = XStringAlignment.Near);
