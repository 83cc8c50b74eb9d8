using System.Security.Cryptography;
using System.Text.Json;
using Approvals.Application.Attachments;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions;
using Approvals.Application.Localization;
using Approvals.Application.Numbering;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Cases;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.UseTypes;
using Approvals.Spatial.Boundaries;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Approvals.Application.Cases.SubmitCase;

/// <summary>
/// An applicant submits one joint application for the uses it needs. Retrying with the same
/// idempotency key returns the case already created instead of making a second one.
/// A direct submission (<c>POST /api/cases</c>) carries its required materials in <see cref="Documents"/> and is
/// refused while one the uses require is missing; <see cref="Documents"/> is null only when a draft submits, whose
/// attachments were checked against its own checklist under the draft's lock.
/// </summary>
public sealed record SubmitCaseCommand(
    string IdempotencyKey,
    string CountyCode,
    ProjectInput Project,
    JurisdictionLevel DeclaredApprovalLevel,
    IReadOnlyList<CaseUse> Uses,
    JsonElement? Boundary = null,
    string? BoundaryText = null,
    int? BoundarySrid = null,
    NationalKeyProjectKind? NationalKeyProject = null,
    bool InfrastructurePublicOrDefence = false,
    IReadOnlyList<SubmittedDocument>? Documents = null) : ICommand<SubmittedCase>
{
    /// <summary>What identifies the submission's content: everything but the key itself, hashed.</summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { IdempotencyKey = "" })));
}

public sealed record ProjectInput(string Name, string? Code, string Owner, string Type);

/// <summary>A document sent with a direct submission.</summary>
/// <param name="DocumentType">Which required material it is (a code of <c>workflows/required-documents.json</c>).</param>
/// <param name="ContentBase64">The file (PDF or image), base64.</param>
public sealed record SubmittedDocument(string? DocumentType, string? FileName, string? ContentBase64)
{
    /// <summary>The file's bytes, or null when the text is not base64.</summary>
    public byte[]? Decode()
    {
        if (string.IsNullOrEmpty(ContentBase64)) return null;
        var bytes = new byte[ContentBase64.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(ContentBase64, bytes, out var written) ? bytes[..written] : null;
    }
}

/// <summary>The case a submission made, with the land other cases claim as the applicant may see it (no other applicant's details).</summary>
public sealed record SubmittedCase(Guid Id, string Number, CaseStatus Status, IReadOnlyList<CaseConflictView> Conflicts);

public sealed class SubmitCaseValidator : AbstractValidator<SubmitCaseCommand>
{
    public SubmitCaseValidator(ProvinceRules rules)
    {
        RuleFor(c => c.IdempotencyKey).Must(k => !string.IsNullOrWhiteSpace(k) && k.Length <= 100)
            .WithMessage(_ => Bilingual.Text("缺少防重复提交标识（idempotencyKey，不超过 100 个字符）", "An idempotency key of at most 100 characters is required (idempotencyKey)"));
        RuleFor(c => c.CountyCode).Must(Jurisdiction.IsValidCode)
            .WithMessage(_ => Bilingual.Text("请选择项目所在县（6 位行政区划代码）", "Choose the county the project lies in (six-digit code)"));
        RuleFor(c => c.Project).NotNull().WithMessage(_ => Bilingual.Text("请填写项目信息", "Enter the project"));
        RuleFor(c => c.Project).SetValidator(new ProjectInputValidator());
        RuleFor(c => c.DeclaredApprovalLevel).IsDeclaredApprovalLevel();
        RuleFor(c => c.Uses).AreValidUses();
        RuleForEach(c => c.Uses).ChildRules(ApplicationRules.EachUse);
        RuleFor(c => c).Must(c => (c.Boundary is not null) ^ !string.IsNullOrWhiteSpace(c.BoundaryText))
            .WithName("boundary").OverridePropertyName("boundary")
            .WithMessage(_ => Bilingual.Text("请提供一份红线：GeoJSON（boundary）或界址点坐标文本（boundaryText）", "Give one boundary: GeoJSON (boundary) or the boundary-coordinate text (boundaryText)"));
        When(c => c.Documents is not null, () =>
        {
            RuleFor(c => c.Documents!.Count).LessThanOrEqualTo(AttachmentRules.MaxFiles).OverridePropertyName("documents")
                .WithMessage(_ => Bilingual.Text($"最多上传 {AttachmentRules.MaxFiles} 个附件", $"At most {AttachmentRules.MaxFiles} attachments"));
            RuleForEach(c => c.Documents).SetValidator(new SubmittedDocumentValidator(rules)).OverridePropertyName("documents");
            RuleFor(c => c.Documents).Must(d => d!.Sum(x => (long)(x.ContentBase64?.Length ?? 0) * 3 / 4) <= AttachmentRules.MaxTotalBytes)
                .OverridePropertyName("documents")
                .WithMessage(_ => Bilingual.Text($"附件合计不能超过 {AttachmentRules.MaxTotalBytes / 1024 / 1024} MB", $"The attachments may total at most {AttachmentRules.MaxTotalBytes / 1024 / 1024} MB"));
            // Items that depend on what the boundary hits (压覆矿产 assessment …) are known only once the case's own
            // check has run: the window clerk's checklist shows them, and a correction asks for what is missing.
            RuleFor(c => c).Custom((c, context) =>
            {
                if (c.Uses is null || c.Uses.Count == 0) return;
                var given = c.Documents!.Select(d => d.DocumentType).ToList();
                foreach (var item in rules.RequiredDocuments.For(c.Uses.Select(u => u.Type).ToHashSet(), []).Where(r => !r.IsSatisfiedBy(given)))
                    context.AddFailure(new ValidationFailure("documents",
                        Bilingual.Text($"缺少申请材料：{item.Name.Zh}（documents[].documentType 可为：{string.Join("、", item.AnyOf.Select(t => t.Code))}）",
                            $"Missing document: {item.Name.En} (documents[].documentType: {string.Join(" or ", item.AnyOf.Select(t => t.Code))})")));
            });
        });
    }
}

public sealed class SubmittedDocumentValidator : AbstractValidator<SubmittedDocument>
{
    public SubmittedDocumentValidator(ProvinceRules rules)
    {
        RuleFor(d => d.DocumentType).Must(t => rules.RequiredDocuments.Find(t) is not null)
            .WithMessage(d => Bilingual.Text($"未知的材料类型“{d.DocumentType}”，可为：{string.Join("、", rules.RequiredDocuments.Types.Select(t => t.Code))}",
                $"Unknown document type \"{d.DocumentType}\"; one of: {string.Join(", ", rules.RequiredDocuments.Types.Select(t => t.Code))}"));
        RuleFor(d => d).Custom((d, context) =>
        {
            var name = AttachmentRules.CleanName(d.FileName);
            var bytes = d.Decode();
            if (bytes is null or { Length: 0 })
                context.AddFailure("contentBase64", Bilingual.Text($"“{name}”的内容缺失或不是 Base64 编码", $"The content of \"{name}\" is missing or not base64"));
            else if (bytes.LongLength > AttachmentRules.MaxFileBytes)
                context.AddFailure("contentBase64", Bilingual.Text($"单个文件不能超过 {AttachmentRules.MaxFileBytes / 1024 / 1024} MB（“{name}”）", $"A file may be at most {AttachmentRules.MaxFileBytes / 1024 / 1024} MB (\"{name}\")"));
            else if (AttachmentRules.Detect(bytes) is null)
                context.AddFailure("contentBase64", Bilingual.Text($"“{name}”不是 PDF 或图片（PNG、JPEG、WebP）文件；文件类型按内容判断，与扩展名无关",
                    $"\"{name}\" is not a PDF or an image (PNG, JPEG, WebP); the type is judged by the content, not the name"));
        });
    }
}

public sealed class SubmitCaseHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, WorkflowHost workflows, TimeProvider clock, BoundaryReader boundaries,
    Configuration.ApprovalsOptions options)
    : ICommandHandler<SubmitCaseCommand, SubmittedCase>
{
    public const string DefinitionId = "joint-preapproval";

    public async ValueTask<SubmittedCase> Handle(SubmitCaseCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        if (!actor.IsInRole(Roles.Applicant) || actor.OrganisationId is null || actor.UserId is null)
            throw new ForbiddenException(Bilingual.Text("只有申请人可以提交申请", "Only applicants submit applications"));

        var fingerprint = command.Fingerprint();
        var existing = await FindExistingAsync(actor, command.IdempotencyKey, fingerprint, ct);
        if (existing is not null) return existing;

        var county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == command.CountyCode, ct);
        if (county is null || county.Level != JurisdictionLevel.County)
            throw Invalid("countyCode", Bilingual.Text("所选地区不是本省的县级行政区", "The chosen place is not a county of this province"));
        var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == county.ParentCode, ct);

        var boundary = CaseBoundary.Read(boundaries, command.Boundary, command.BoundaryText, command.BoundarySrid);
        // A boundary in another county would be reviewed by the wrong county's staff: refused before anything is written.
        await CountyFit.EnsureWithinAsync(db, county.Code, boundary.Geometry, ct);

        var now = clock.GetUtcNow();
        // A caller's transaction (a draft that records the case it became) is joined, not nested.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var year = LocalDate.Today(clock).Year;
        var sequence = await NumberSequence.NextAsync(db, $"case:{county.Code}:{year}", ct);
        var c = new Case
        {
            Id = Guid.CreateVersion7(), Number = $"{county.Code}-{year}-{sequence:D5}", IdempotencyKey = command.IdempotencyKey, SubmissionFingerprint = fingerprint,
            ApplicantUserId = actor.UserId.Value, OrganisationId = actor.OrganisationId.Value, CountyCode = county.Code,
            ProjectName = command.Project.Name.Trim(), ProjectCode = command.Project.Code?.Trim(), ProjectOwner = command.Project.Owner.Trim(),
            ProjectType = command.Project.Type.Trim(), DeclaredApprovalLevel = command.DeclaredApprovalLevel,
            NationalKeyProject = command.NationalKeyProject, InfrastructurePublicOrDefence = command.InfrastructurePublicOrDefence,
            Uses = CaseUse.Normalize(command.Uses), Status = CaseStatus.AwaitingAcceptance, SubmittedAt = now,
            WorkflowInstanceId = Guid.CreateVersion7(), CurrentLevel = JurisdictionLevel.County,
        };
        boundary.ApplyTo(c);
        db.Set<Case>().Add(c);
        foreach (var document in command.Documents ?? [])
        {
            var content = document.Decode()!;
            var attachment = new Attachment
            {
                Id = Guid.CreateVersion7(), OrganisationId = c.OrganisationId, CaseId = c.Id, FileName = AttachmentRules.CleanName(document.FileName),
                ContentType = AttachmentRules.Detect(content)!, Size = content.LongLength, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                UploadedAt = now, UploadedByName = actor.Name, DocumentType = document.DocumentType,
            };
            db.Set<Attachment>().Add(attachment);
            db.Set<AttachmentContent>().Add(new AttachmentContent { AttachmentId = attachment.Id, Content = content });
        }
        CaseTimeline.Record(db, c.Id, now, actor.Name, "submitted", $"提交申请，案件编号 {c.Number}", $"Application submitted as case {c.Number}");
        // Land other cases claim is a warning for the reviewers, not a refusal: which claim stands is theirs to decide.
        var conflicts = await BoundaryConflicts.FindAsync(db, c.Boundary, c.Id, options, now, ct);
        BoundaryConflicts.RecordWarning(db, c.Id, now, actor.Name, conflicts);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (tx is not null && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same submission raced in twice and the other one won: answer with its case.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var winner = await FindExistingAsync(actor, command.IdempotencyKey, fingerprint, ct);
            if (winner is null) throw;
            return winner;
        }
        await workflows.StartAsync(c.WorkflowInstanceId, DefinitionId, CaseVariables.StartInput(c, city.Code, city.ParentCode!), actor.Name, c.Id, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return new SubmittedCase(c.Id, c.Number, c.Status, BoundaryConflicts.ViewFor(actor, conflicts));
    }

    /// <summary>
    /// The case an earlier submission with this key made, if any. The same key with another body is refused
    /// rather than answered with the first case: the caller would otherwise believe a second application was filed.
    /// </summary>
    private async Task<SubmittedCase?> FindExistingAsync(Actor applicant, string key, string fingerprint, CancellationToken ct)
    {
        var existing = await db.Set<Case>().AsNoTracking()
            .Where(c => c.ApplicantUserId == applicant.UserId && c.IdempotencyKey == key)
            .Select(c => new { c.Id, c.SubmissionFingerprint })
            .SingleOrDefaultAsync(ct);
        if (existing is null) return null;
        var submitted = await BoundaryConflicts.SubmittedAsync(db, applicant, existing.Id, options, clock.GetUtcNow(), ct);
        // Cases submitted before fingerprints were kept have none; they answer as before.
        if (existing.SubmissionFingerprint is not null && existing.SubmissionFingerprint != fingerprint)
            throw new UnprocessableException(Bilingual.Text(
                $"防重复提交标识“{key}”已用于另一份申请（案件 {submitted.Number}），内容不同：新的申请请使用新的标识",
                $"The idempotency key \"{key}\" was already used for a different application (case {submitted.Number}); use a new key for a new application"));
        return submitted;
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}
