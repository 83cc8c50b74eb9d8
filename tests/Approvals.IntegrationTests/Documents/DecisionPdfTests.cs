using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approvals.IntegrationTests.Infrastructure;
using Approvals.IntegrationTests.Workflow;
using Npgsql;
using UglyToad.PdfPig;

namespace Approvals.IntegrationTests.Documents;

/// <summary>
/// A decision is issued once as a PDF: the applicant downloads it, its text names the number, the project and the
/// areas, the public verification page accepts exactly those bytes and refuses a tampered copy, and nothing that
/// changes afterwards (names, wording) alters what was issued.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class DecisionPdfTests(ApprovalsApp app)
{
    private readonly CaseDriver cases = new(app);

    internal static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "");
    }

    private static string VerificationCode(string decisionPage) => Regex.Match(decisionPage, "/verify/([a-z0-9]+)").Groups[1].Value;

    private static MultipartFormDataContent Upload(byte[] bytes, string name = "decision.pdf") =>
        new() { { new ByteArrayContent(bytes), "file", name } };

    [Fact]
    public async Task The_applicant_downloads_the_issued_approval_whose_text_names_its_number_project_and_areas_and_the_public_page_accepts_it_byte_for_byte()
    {
        var id = await DecisionDocumentTests.CaseWithConditionsAtTheCityAsync(app, cases, 112.90, 35.54);
        await cases.CompleteOkAsync(await app.SignedInAs("jincheng.land"), id, "Approve", "Decision", "同意该项目通过预审。");
        var applicant = await app.SignedInAs("applicant");
        var view = await cases.WaitForStatusAsync(applicant, id, "Approved");
        var number = view.GetProperty("decision").GetProperty("documentNumber").GetString()!;

        var response = await applicant.GetAsync($"/cases/{id}/decision.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf);
        Assert.Contains(number, text);
        Assert.Contains(view.GetProperty("projectName").GetString()!.Replace(" ", ""), text);
        var boundaryHa = (view.GetProperty("boundaryAreaM2").GetDouble() / 10000).ToString("0.00", CultureInfo.InvariantCulture);
        Assert.Contains($"红线面积{boundaryHa}公顷", text);
        Assert.Contains("用林3.00公顷", text);
        Assert.Contains("晋城市自然资源局", text);
        Assert.Contains("缴纳森林植被恢复费（泽州县林业局提出）", text);
        Assert.Matches(@"占项目\d+\.\d%", text);

        // A reviewer of another city may not see the case, so not its document either; nor may anyone signed out.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAs("yangqu.land")).GetAsync($"/cases/{id}/decision.pdf")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await app.Anonymous().GetAsync($"/cases/{id}/decision.pdf")).StatusCode);

        var code = VerificationCode(await applicant.GetStringAsync($"/cases/{id}/decision"));
        Assert.True(code.Length >= 26, code);
        var anonymous = app.Anonymous();
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/verify/{code}"));
        Assert.Contains(number, page);
        Assert.Contains(view.GetProperty("projectName").GetString()!, page);
        Assert.Contains("晋城市自然资源局、晋城市林业局", page);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(pdf)), page);

        var accepted = await anonymous.PostAsync($"/verify/{code}", Upload(pdf));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("class=\"result match\"", await accepted.Content.ReadAsStringAsync());

        // One byte changed in the middle of the file: the same size, still a PDF, not the issued document.
        var tampered = (byte[])pdf.Clone();
        tampered[tampered.Length / 2] ^= 0x20;
        var refused = await anonymous.PostAsync($"/verify/{code}", Upload(tampered));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("class=\"result mismatch\"", await refused.Content.ReadAsStringAsync());

        // A code nobody was given is no document; the case id is not a code.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/verify/{id:N}")).StatusCode);
    }

    [Fact]
    public async Task The_verification_page_refuses_a_file_that_is_not_a_PDF_or_is_too_large_with_a_400_in_the_reader_s_language()
    {
        var id = await RefusedCaseAsync();
        var code = VerificationCode(await (await app.SignedInAs("applicant")).GetStringAsync($"/cases/{id}/decision"));
        var anonymous = app.Anonymous();

        var notPdf = await anonymous.PostAsync($"/verify/{code}", Upload("GIF89a not a pdf"u8.ToArray(), "decision.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, notPdf.StatusCode);
        Assert.Contains("上传的文件不是 PDF", await notPdf.Content.ReadAsStringAsync());

        var large = new byte[6 * 1024 * 1024];
        "%PDF-1.7"u8.CopyTo(large);
        var tooLarge = await anonymous.PostAsync($"/verify/{code}?culture=en", Upload(large));
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("larger than 5 MB", await tooLarge.Content.ReadAsStringAsync());
    }

    private async Task<Guid> RefusedCaseAsync()
    {
        var applicant = await app.SignedInAs("applicant");
        var (id, _) = await cases.SubmitAsync(applicant);
        await cases.CompleteOkAsync(await app.SignedInAs("zezhou.clerk"), id, "Accept", "Acceptance");
        var land = await app.SignedInAs("zezhou.land");
        await cases.CompleteOkAsync(land, id, "Disagree", "Review", "选址不符合国土空间规划。");
        await cases.CompleteOkAsync(land, id, "Refuse", "Decision", "项目选址位于农业空间。");
        await cases.WaitForStatusAsync(applicant, id, "Refused");
        return id;
    }

    [Fact]
    public async Task An_issued_refusal_is_never_rendered_again_when_names_change_afterwards_and_the_database_refuses_to_rewrite_it()
    {
        var id = await RefusedCaseAsync();
        var applicant = await app.SignedInAs("applicant");
        var issued = await applicant.GetByteArrayAsync($"/cases/{id}/decision.pdf");
        Assert.Contains("向泽州县人民政府申请行政复议", PdfText(issued));

        // The county is renamed after the decision (a district reform): what was issued still names the county of the day.
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var rename = new NpgsqlCommand("UPDATE jurisdictions SET name = '泽州区', name_en = 'Zezhou District' WHERE code = '140525'", connection))
            await rename.ExecuteNonQueryAsync();
        try
        {
            Assert.Equal(issued, await applicant.GetByteArrayAsync($"/cases/{id}/decision.pdf"));
            var page = await applicant.GetStringAsync($"/cases/{id}/decision");
            Assert.Contains("向泽州县人民政府申请行政复议", page);
            Assert.DoesNotContain("泽州区", page);
            Assert.Contains("People's Government of Zezhou County", WebUtility.HtmlDecode(await applicant.GetStringAsync($"/cases/{id}/decision?culture=en")));
        }
        finally
        {
            await using var back = new NpgsqlCommand("UPDATE jurisdictions SET name = '泽州县', name_en = 'Zezhou County' WHERE code = '140525'", connection);
            await back.ExecuteNonQueryAsync();
        }

        await using var rewrite = new NpgsqlCommand("UPDATE decision_documents SET pdf = '\\x00'::bytea WHERE case_id = @id", connection);
        rewrite.Parameters.AddWithValue("id", id);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => rewrite.ExecuteNonQueryAsync());
        Assert.Contains("never changed", refused.MessageText);
    }

    [Fact]
    public async Task The_comparison_report_prints_as_a_PDF_with_the_categories_hit_and_their_areas_for_those_who_may_read_the_report()
    {
        var id = await DecisionDocumentTests.CaseWithConditionsAtTheCityAsync(app, cases, 112.90, 35.50);
        var check = await cases.WaitForSpatialCheckAsync(id);
        var applicant = await app.SignedInAs("applicant");
        var report = await applicant.GetFromJsonAsync<JsonElement>($"/api/spatial-checks/{check}");
        var forest = report.GetProperty("categories").EnumerateArray().First(c => c.GetProperty("status").GetString() == "intersects");

        var response = await applicant.GetAsync($"/spatial-checks/{check}/report.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(forest.GetProperty("code").GetString() + forest.GetProperty("name").GetString()!.Replace(" ", "") + "压占", text);
        Assert.Contains(forest.GetProperty("overlapM2").GetDecimal().ToString("#,0.00", CultureInfo.InvariantCulture), text);
        Assert.Contains("泽州县集体林地", text);
        Assert.Contains("审查意见提示", text);
        Assert.Contains("底图版本", text);
        Assert.Contains($"/spatial-checks/{check}/report.pdf", await applicant.GetStringAsync($"/spatial-checks/{check}"));

        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAs("zezhou.land")).GetAsync($"/api/spatial-checks/{check}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAs("yangqu.land")).GetAsync($"/spatial-checks/{check}/report.pdf")).StatusCode);
    }
}
