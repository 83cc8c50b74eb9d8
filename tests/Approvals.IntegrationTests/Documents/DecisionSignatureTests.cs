using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Approvals.Application.Decisions;
using Approvals.Domain.Cases;

namespace Approvals.IntegrationTests.Documents;

/// <summary>
/// With a signing certificate configured, a decision document carries a digital signature over the whole file that a
/// standard tool (poppler's pdfsig) accepts, and that no longer holds once a byte of the document is changed.
/// </summary>
public sealed class DecisionSignatureTests
{
    private static readonly IssuedDecision Decision = new(CaseStatus.Approved, "晋泽州自然资预审〔2026〕9号", "140525-2026-00009", "泽州县示范道路工程", "泽州示范公司",
        new DateOnly(2026, 12, 6), ["泽州县自然资源局"],
        new DecisionDocumentText("建设项目用地用矿用林用草预审意见书", "晋泽州自然资预审〔2026〕9号", "泽州示范公司：", "你单位报送的“泽州县示范道路工程”用地预审申请收悉。",
            [new DocumentItem("approval", "原则同意该项目通过预审。"), new DocumentItem("uses", "申请用途：用地；红线面积 1.00 公顷。")], null, ["泽州县自然资源局"], "2026年12月6日"),
        new DecisionDocumentText("Pre-approval Opinion", "晋泽州自然资预审〔2026〕9号", "To 泽州示范公司:", "Received.", [], null, ["Zezhou County Natural Resources Bureau"], "6 December 2026"));

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=泽州县自然资源局 (test), O=Approvals test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx, "t"), "t");
    }

    private static string Pdfsig(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"decision-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfsig", [path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally { File.Delete(path); }
    }

    /// <summary>The DER value at the start of the zero-padded /Contents.</summary>
    private static byte[] Der(byte[] padded)
    {
        if (padded[1] < 0x80) return padded[..(padded[1] + 2)];
        var lengthBytes = padded[1] & 0x7F;
        var length = 0;
        for (var i = 0; i < lengthBytes; i++) length = (length << 8) | padded[2 + i];
        return padded[..(2 + lengthBytes + length)];
    }

    [Fact]
    public async Task A_signed_decision_verifies_with_pdfsig_and_with_CMS_over_its_byte_range_and_a_changed_byte_breaks_it()
    {
        using var certificate = SelfSigned();
        var pdf = await DecisionDocumentPdf.RenderAsync(Decision, "https://approvals.example/verify/abc", certificate);

        var report = Pdfsig(pdf);
        Assert.Contains("Signature Validation: Signature is Valid.", report);
        Assert.Contains("Total document signed", report);
        Assert.Contains("泽州县自然资源局 (test)", report);

        // The same check by hand: the CMS signature in /Contents covers the two ranges /ByteRange names.
        var text = Encoding.Latin1.GetString(pdf);
        var range = Regex.Match(text, @"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]");
        var (a, b, c, d) = (int.Parse(range.Groups[1].Value), int.Parse(range.Groups[2].Value), int.Parse(range.Groups[3].Value), int.Parse(range.Groups[4].Value));
        Assert.Equal(pdf.Length, c + d);
        var signed = pdf[a..(a + b)].Concat(pdf[c..(c + d)]).ToArray();
        var contents = Der(Convert.FromHexString(text[(a + b + 1)..(c - 1)]));
        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        cms.Decode(contents);
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(certificate.Thumbprint, cms.SignerInfos[0].Certificate!.Thumbprint);

        var tampered = (byte[])pdf.Clone();
        tampered[a + b / 2] ^= 0x01;
        Assert.DoesNotContain("Signature is Valid.", Pdfsig(tampered));
    }

    [Fact]
    public async Task Without_a_certificate_the_document_carries_no_signature()
    {
        var pdf = await DecisionDocumentPdf.RenderAsync(Decision, "https://approvals.example/verify/abc", certificate: null);
        Assert.DoesNotContain("/ByteRange", Encoding.Latin1.GetString(pdf));
        Assert.Contains("does not contain any signatures", Pdfsig(pdf));
    }
}
