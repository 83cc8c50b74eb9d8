using System.Security.Cryptography;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Rules;
using Approvals.Domain.Documents;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Attachments.AddAttachment;

/// <summary>
/// The applicant attaches a document to a draft or (answering a correction) to its case. Only PDF and
/// images are taken, judged by content; each file and the total are limited in size.
/// </summary>
/// <param name="DocumentType">Which required material the file is (a code of <c>workflows/required-documents.json</c>); null or empty: other.</param>
public sealed record AddAttachmentCommand(Guid? DraftId, Guid? CaseId, string? FileName, byte[] Content, string? DocumentType = null) : ICommand<AttachmentView>;

/// <param name="DocumentType">The material's type, null for "other".</param>
public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string UploadedByName, DocumentType? DocumentType = null)
{
    public bool IsImage => AttachmentRules.IsImage(ContentType);
    public bool IsPdf => ContentType == "application/pdf";
}

public sealed class AddAttachmentValidator : AbstractValidator<AddAttachmentCommand>
{
    public AddAttachmentValidator(ProvinceRules rules)
    {
        RuleFor(c => c.DocumentType).Must(t => string.IsNullOrEmpty(t) || rules.RequiredDocuments.Find(t) is not null).OverridePropertyName("documentType")
            .WithMessage(c => Bilingual.Text($"未知的材料类型“{c.DocumentType}”，请从列表中选择", $"Unknown document type \"{c.DocumentType}\"; choose one from the list"));
        RuleFor(c => c).Must(c => (c.DraftId is null) != (c.CaseId is null)).OverridePropertyName("file")
            .WithMessage(_ => Bilingual.Text("附件须属于一份草稿或一个案件", "An attachment belongs to one draft or one case"));
        RuleFor(c => c.Content).NotEmpty().OverridePropertyName("file")
            .WithMessage(_ => Bilingual.Text("请选择要上传的文件", "Choose a file to upload"));
        RuleFor(c => c.Content).Must(c => c is null || c.LongLength <= AttachmentRules.MaxFileBytes).OverridePropertyName("file")
            .WithMessage(_ => Bilingual.Text($"单个文件不能超过 {AttachmentRules.MaxFileBytes / 1024 / 1024} MB", $"A file may be at most {AttachmentRules.MaxFileBytes / 1024 / 1024} MB"));
        RuleFor(c => c.Content).Must(c => c is not { Length: > 0 } || AttachmentRules.Detect(c) is not null).OverridePropertyName("file")
            .WithMessage(c => Bilingual.Text($"“{AttachmentRules.CleanName(c.FileName)}”不是 PDF 或图片（PNG、JPEG、WebP）文件；文件类型按内容判断，与扩展名无关",
                $"\"{AttachmentRules.CleanName(c.FileName)}\" is not a PDF or an image (PNG, JPEG, WebP); the type is judged by the content, not the name"));
    }
}

public sealed class AddAttachmentHandler(ApprovalsDbContext db, ActorAccessor actorAccessor, TimeProvider clock, ProvinceRules rules) : ICommandHandler<AddAttachmentCommand, AttachmentView>
{
    public async ValueTask<AttachmentView> Handle(AddAttachmentCommand command, CancellationToken ct)
    {
        var actor = actorAccessor.Current;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var organisation = await AttachmentOwner.LockWritableAsync(db, actor, command.DraftId, command.CaseId, ct);
        var existing = db.Set<Attachment>().Where(a => command.CaseId != null ? a.CaseId == command.CaseId : a.DraftId == command.DraftId);
        var (count, total) = (await existing.CountAsync(ct), await existing.SumAsync(a => (long?)a.Size, ct) ?? 0);
        if (count >= AttachmentRules.MaxFiles)
            throw Invalid(Bilingual.Text($"最多上传 {AttachmentRules.MaxFiles} 个附件", $"At most {AttachmentRules.MaxFiles} attachments"));
        if (total + command.Content.LongLength > AttachmentRules.MaxTotalBytes)
            throw Invalid(Bilingual.Text($"附件合计不能超过 {AttachmentRules.MaxTotalBytes / 1024 / 1024} MB", $"The attachments may total at most {AttachmentRules.MaxTotalBytes / 1024 / 1024} MB"));

        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisation, DraftId = command.CaseId is null ? command.DraftId : null, CaseId = command.CaseId,
            FileName = AttachmentRules.CleanName(command.FileName), ContentType = AttachmentRules.Detect(command.Content)!,
            Size = command.Content.LongLength, Sha256 = Convert.ToHexStringLower(SHA256.HashData(command.Content)),
            UploadedAt = clock.GetUtcNow(), UploadedByName = actor.Name,
            DocumentType = string.IsNullOrEmpty(command.DocumentType) ? null : command.DocumentType,
        };
        db.Set<Attachment>().Add(attachment);
        db.Set<AttachmentContent>().Add(new AttachmentContent { AttachmentId = attachment.Id, Content = command.Content });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AttachmentViews.Of(attachment, rules.RequiredDocuments);
    }

    private static ValidationException Invalid(string message) => new([new ValidationFailure("file", message)]);
}

internal static class AttachmentViews
{
    public static AttachmentView Of(Attachment a, RequiredDocuments documents) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt, a.UploadedByName, documents.Find(a.DocumentType));
}
