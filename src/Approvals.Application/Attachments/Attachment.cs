using Approvals.Application.Cases;
using Approvals.Application.Drafts;
using Approvals.Application.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Attachments;

/// <summary>
/// A document an applicant attached (PDF or image): first to a draft, then, on submission, to the case.
/// The bytes live in a table of their own so lists never read them.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid? DraftId { get; set; }
    public Guid? CaseId { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>The type found in the content (never the one the browser claimed).</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>SHA-256 of the content, hex: evidence that the file is what was uploaded.</summary>
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedByName { get; set; } = "";
    /// <summary>Which required material this is (a code of <c>workflows/required-documents.json</c>); null is "other", as every document uploaded before types existed.</summary>
    public string? DocumentType { get; set; }
}

public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }
    public byte[] Content { get; set; } = [];
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("attachments");
        b.HasKey(a => a.Id);
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Draft>().WithMany().HasForeignKey(a => a.DraftId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.DraftId);
        b.HasIndex(a => a.CaseId);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(50);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.UploadedByName).HasMaxLength(256);
        b.Property(a => a.DocumentType).HasMaxLength(50);
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.ToTable("attachment_contents");
        b.HasKey(c => c.AttachmentId);
        b.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
        // Already compressed formats: PostgreSQL's TOAST compression would only cost time.
        b.Property(c => c.Content).HasColumnType("bytea");
    }
}
