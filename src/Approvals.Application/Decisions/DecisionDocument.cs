using System.Security.Cryptography;
using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Configuration;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Decisions;

/// <summary>
/// A decision document as issued: its text in both languages as it read on the day (<see cref="Content"/>), the PDF
/// rendered once from that text, the PDF's SHA-256, and the unguessable code of its public verification page. Nothing
/// here is ever rendered again: a later change of wording, names or rules leaves an issued document as it was.
/// </summary>
public sealed class DecisionDocument
{
    public Guid CaseId { get; set; }
    public string DocumentNumber { get; set; } = "";
    /// <summary>The code in the QR code and <c>/verify/{code}</c>: 128 random bits, not the case id, so documents cannot be enumerated.</summary>
    public string VerificationCode { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The issued text (<see cref="IssuedDecision"/> as JSON).</summary>
    public string Content { get; set; } = "";
    public byte[] Pdf { get; set; } = [];
    /// <summary>SHA-256 of <see cref="Pdf"/>, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    /// <summary>The subject of the certificate that signed the PDF (PAdES), or null when no certificate was configured.</summary>
    public string? SignedBy { get; set; }

    public IssuedDecision Read() => JsonSerializer.Deserialize<IssuedDecision>(Content, DecisionJson.Options)!;

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Issues the document of a decision just made on <paramref name="c"/>, in the caller's transaction: the text is
    /// composed from the case as decided and today's configuration, the PDF rendered (and signed when a certificate is
    /// configured), and both stored with the case. The caller's commit makes the decision and its document exist together.
    /// </summary>
    public static async Task<DecisionDocument> IssueAsync(ApprovalsDbContext db, ProvinceRules rules, ApprovalsOptions options, Case c,
        DateTimeOffset issuedAt, CancellationToken ct)
    {
        var facts = await DecisionFacts.LoadAsync(db, rules, c, issuedAt, ct);
        var code = Base32(RandomNumberGenerator.GetBytes(16));
        var issued = new IssuedDecision(c.Status, c.DocumentNumber!, c.Number, c.ProjectName, c.ProjectOwner, LocalDate.Of(issuedAt),
            facts.Issuers.Select(i => i.Name).ToList(), DecisionDocumentText.Compose(facts, english: false), DecisionDocumentText.Compose(facts, english: true));
        var pdf = await DecisionDocumentPdf.RenderAsync(issued, $"{options.PublicUrl}/verify/{code}", options.SigningCertificate);
        var document = new DecisionDocument
        {
            CaseId = c.Id, DocumentNumber = issued.Number, VerificationCode = code, IssuedAt = issuedAt,
            Content = JsonSerializer.Serialize(issued, DecisionJson.Options), Pdf = pdf, Sha256 = Hash(pdf),
            SignedBy = options.SigningCertificate?.Subject,
        };
        db.Add(document);
        return document;
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5) { text.Append(alphabet[(buffer >> (bits - 5)) & 31]); bits -= 5; }
        }
        if (bits > 0) text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}

/// <summary>The issued text of a decision: who, what and when, and the document in each language.</summary>
public sealed record IssuedDecision(CaseStatus Result, string Number, string CaseNumber, string ProjectName, string ProjectOwner, DateOnly IssuedOn,
    IReadOnlyList<string> Issuers, DecisionDocumentText Zh, DecisionDocumentText En)
{
    public DecisionDocumentText In(bool english) => english ? En : Zh;
}

/// <summary>What a decision document says is drawn from: the case as decided, its places and authorities, the rules of the day.</summary>
public sealed record DecisionFacts(Case Case, Jurisdiction County, Jurisdiction IssuingJurisdiction, IReadOnlyList<IssuingAuthority> Issuers,
    IReadOnlyList<SpatialChecks.CategoryResult>? Overlaps, DateOnly IssuedOn, Domain.Decisions.DecisionDocumentRules Rules)
{
    public static async Task<DecisionFacts> LoadAsync(ApprovalsDbContext db, ProvinceRules rules, Case c, DateTimeOffset issuedAt, CancellationToken ct)
    {
        var chain = new List<Jurisdiction>();
        for (string? code = c.CountyCode; code is not null;)
        {
            var j = await db.Jurisdictions.AsNoTracking().SingleAsync(x => x.Code == code, ct);
            chain.Add(j);
            code = j.ParentCode;
        }
        IReadOnlyList<IssuingAuthority> issuers = c.DecisionIssuers;
        if (issuers.Count == 0)
        {
            // Decisions from before issuers were recorded are named by today's configuration.
            var at = chain.FirstOrDefault(j => j.Level == (c.DecidedAtLevel ?? JurisdictionLevel.County)) ?? chain[^1];
            issuers = await DecisionIssuers.ResolveAsync(db, rules, at.Code, c.RequiredDepartments, ct);
        }
        var issuing = chain.FirstOrDefault(j => j.Code == issuers[0].JurisdictionCode)
            ?? await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == issuers[0].JurisdictionCode, ct);
        var overlaps = c.SpatialReport is { } json
            ? SpatialChecks.ComparisonReport.FromJson(json).Categories.Where(x => x.Status == SpatialChecks.CategoryStatus.Intersects).ToList()
            : null;
        return new DecisionFacts(c, chain[0], issuing, issuers, overlaps, LocalDate.Of(issuedAt), rules.DecisionDocuments);
    }
}
