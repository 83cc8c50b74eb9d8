using System.Security.Cryptography.X509Certificates;
using Approvals.Application.Printing;
using PdfSharp.Drawing;
using PdfSharp.Pdf.Signatures;

namespace Approvals.Application.Decisions;

/// <summary>
/// The official layout of a decision document on A4, in Chinese: the issuing authorities in red above a red rule (红头),
/// the document number, the title, the addressee, the opening, the numbered items, a refusal's remedies, the issuers
/// with their seals and the date, and a QR code of the public verification page. With a certificate the PDF carries
/// a digital signature over all of it.
/// </summary>
public static class DecisionDocumentPdf
{
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

    public static async Task<byte[]> RenderAsync(IssuedDecision issued, string verificationUrl, X509Certificate2? certificate)
    {
        var text = issued.Zh;
        using var flow = new PdfFlow(text.Title, footer: $"{text.Number}　案件编号 {issued.CaseNumber}");
        var red = new XSolidBrush(PdfFlow.SealRed);

        // 红头: the issuing authorities (会签) in red, then a red rule.
        flow.Gap(6);
        flow.Paragraph(string.Join("　", text.Issuers), size: text.Issuers.Sum(i => i.Length) > 18 ? 18 : 24, align: XStringAlignment.Center,
            brush: red, bold: true, after: 6, lineSpacing: 1.3);
        flow.Paragraph(text.Number, size: 12, align: XStringAlignment.Center, after: 2);
        flow.Graphics.DrawLine(new XPen(PdfFlow.SealRed, 1.5), flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        flow.Gap(18);
        flow.Paragraph(text.Title, size: 16, align: XStringAlignment.Center, bold: true, after: 14, lineSpacing: 1.4);

        flow.Paragraph(text.Addressee, size: 12);
        flow.Paragraph("　　" + text.Opening, size: 12, after: 6);
        for (var i = 0; i < text.Items.Count; i++)
        {
            var item = text.Items[i];
            flow.Paragraph(item.Text, indent: 28, hanging: Numerals[Math.Min(i, Numerals.Length - 1)] + "、", after: 2);
            if (item.SubItems is { } subs)
                for (var j = 0; j < subs.Count; j++)
                    flow.Paragraph(subs[j], indent: 56, hanging: $"（{Numerals[Math.Min(j, Numerals.Length - 1)]}）", after: 2);
        }
        if (text.Remedies is { } remedies)
        {
            flow.Gap(4);
            flow.Paragraph("　　" + remedies);
        }

        // The issuers' names and the date at the right, each name under its red seal.
        var sealRadius = 21 * PdfFlow.Millimetre;
        var blockHeight = text.Issuers.Count * 22 + 30;
        flow.Gap(16);
        flow.Need(Math.Max(blockHeight, 2 * sealRadius) + 40);
        var top = flow.Y;
        foreach (var issuer in text.Issuers)
            flow.Paragraph(issuer, align: XStringAlignment.Far, after: 4);
        flow.Paragraph(text.IssuedOn, align: XStringAlignment.Far);
        var right = flow.Left + flow.Width - 45 * PdfFlow.Millimetre;
        for (var i = 0; i < text.Issuers.Count; i++)
        {
            var centre = new XPoint(right - i * (2.1 * sealRadius) + (text.Issuers.Count - 1) * sealRadius, top + (flow.Y - top) / 2);
            flow.Seal(centre, sealRadius, text.Issuers[i]);
        }

        // The QR code of the verification page, where anyone can compare a copy with the issued document.
        var side = 28 * PdfFlow.Millimetre;
        flow.Gap(10);
        flow.Need(side + 4);
        flow.QrCode(verificationUrl, flow.Left, flow.Y, side);
        var note = PdfFlow.Font(8.5);
        var x = flow.Left + side + 6;
        var y = flow.Y + 10;
        foreach (var line in new[] { "扫描二维码核验本文书：", verificationUrl, "核验页列明文号、项目、签发机关、日期与本文件的 SHA-256 值，", "并可上传文件逐字节比对。" })
        {
            flow.DrawText(line, note, XBrushes.Black, new XRect(x, y, flow.Width - side - 6, 12));
            y += 13;
        }
        flow.Y += side;

        var document = flow.Finish();
        if (certificate is not null)
        {
            // PAdES: a CMS signature over the whole file but the signature's own contents (its ByteRange), made with .NET's CMS
            // (PDFsharp's default signer); invisible, since the seal is the visible mark.
            DigitalSignatureHandler.ForDocument(document, new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256, null),
                new DigitalSignatureOptions
                {
                    Reason = $"签发 {issued.Number}", Location = text.Issuers[0], ContactInfo = text.Issuers[0], AppName = "Approvals",
                    PageIndex = document.PageCount - 1, Rectangle = new XRect(0, 0, 0, 0),
                });
        }
        using var stream = new MemoryStream();
        await document.SaveAsync(stream, closeStream: false);
        return stream.ToArray();
    }
}
