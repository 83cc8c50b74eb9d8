using Approvals.Application.Errors;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Decisions.VerifyDecisionDocument;

/// <summary>
/// The public verification of a decision document (no sign-in), by the code in its QR code: what was issued (number,
/// project, issuers, date, the PDF's SHA-256) and, when a file is given, whether it is the issued PDF byte for byte.
/// An unknown code is "no such document", whatever its form.
/// </summary>
public sealed record VerifyDecisionDocumentQuery(string Code, byte[]? Upload = null) : IQuery<DecisionVerification>;

/// <param name="Matches">Null when no file was given; otherwise whether the file is the issued document, byte for byte.</param>
/// <param name="UploadSha256">The uploaded file's SHA-256, to compare with <paramref name="Sha256"/>.</param>
public sealed record DecisionVerification(string Number, string ProjectName, string ProjectOwner, IReadOnlyList<string> Issuers, DateOnly IssuedOn,
    bool Approved, string Sha256, string? SignedBy, bool? Matches, string? UploadSha256);

public sealed class VerifyDecisionDocumentValidator : AbstractValidator<VerifyDecisionDocumentQuery>
{
    /// <summary>A decision PDF is a few hundred kilobytes; anything much larger is not one of ours.</summary>
    public const int MaxUploadBytes = 5 * 1024 * 1024;

    public VerifyDecisionDocumentValidator()
    {
        RuleFor(q => q.Code).NotEmpty().MaximumLength(32);
        RuleFor(q => q.Upload)
            .Must(u => u is null || u.Length <= MaxUploadBytes)
            .WithMessage(_ => Bilingual.Text($"文件超过 {MaxUploadBytes / 1024 / 1024} MB，不是本系统签发的决定书", $"The file is larger than {MaxUploadBytes / 1024 / 1024} MB; it is not a decision issued here"))
            .Must(u => u is null || u.AsSpan().StartsWith("%PDF-"u8))
            .WithMessage(_ => Bilingual.Text("上传的文件不是 PDF", "The uploaded file is not a PDF"));
    }
}

public sealed class VerifyDecisionDocumentHandler(ApprovalsDbContext db) : IQueryHandler<VerifyDecisionDocumentQuery, DecisionVerification>
{
    public async ValueTask<DecisionVerification> Handle(VerifyDecisionDocumentQuery query, CancellationToken ct)
    {
        var row = await db.Set<DecisionDocument>().AsNoTracking().Where(d => d.VerificationCode == query.Code)
            .Select(d => new { d.Content, d.Sha256, d.SignedBy, d.Pdf }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException(Bilingual.Text("没有这份文书：核验码不正确", "No such document: the verification code is not right"));
        var issued = System.Text.Json.JsonSerializer.Deserialize<IssuedDecision>(row.Content, DecisionJson.Options)!;
        var uploadHash = query.Upload is { } upload ? DecisionDocument.Hash(upload) : null;
        return new DecisionVerification(issued.Number, issued.ProjectName, issued.ProjectOwner, issued.Issuers, issued.IssuedOn,
            issued.Result == Domain.Cases.CaseStatus.Approved, row.Sha256, row.SignedBy,
            query.Upload is { } bytes ? bytes.AsSpan().SequenceEqual(row.Pdf) : null, uploadHash);
    }
}
