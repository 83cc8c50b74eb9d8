using System.Text.Json;
using Approvals.Application.Cases;
using Approvals.Application.Notifications;
using Approvals.Application.Numbering;
using Approvals.Application.Tasks;
using Approvals.Application.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.Number).HasMaxLength(32);
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.IdempotencyKey).HasMaxLength(100);
        b.Property(c => c.SubmissionFingerprint).HasMaxLength(64);
        b.HasIndex(c => new { c.ApplicantUserId, c.IdempotencyKey }).IsUnique();
        b.Property(c => c.CountyCode).HasMaxLength(6);
        b.HasOne<Domain.Jurisdictions.Jurisdiction>().WithMany().HasForeignKey(c => c.CountyCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.CountyCode, c.Status });
        b.HasIndex(c => c.OrganisationId);
        b.Property(c => c.ProjectName).HasMaxLength(200);
        b.Property(c => c.ProjectCode).HasMaxLength(64);
        b.Property(c => c.ProjectOwner).HasMaxLength(200);
        b.Property(c => c.ProjectType).HasMaxLength(100);
        b.Property(c => c.DeclaredApprovalLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.NationalKeyProject).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Uses).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<List<CaseUse>>(v, JsonSerializerOptions.Web) ?? new List<CaseUse>(),
            new ValueComparer<List<CaseUse>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, u) => HashCode.Combine(h, u.GetHashCode())), v => v.ToList()));
        b.Property(c => c.BoundaryFileName).HasMaxLength(260);
        b.Property(c => c.Boundary).HasColumnType("geometry(MultiPolygon)");
        b.HasIndex(c => c.Boundary).HasMethod("gist");
        b.Property(c => c.SpatialReport).HasColumnType("jsonb");
        b.Property(c => c.CurrentLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.DecidingLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.DecidedAtLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(c => c.DocumentNumber).HasMaxLength(64);
        b.HasIndex(c => c.DocumentNumber).IsUnique();
        b.Property(c => c.DecidedBy).HasMaxLength(128);
        b.Property(c => c.DecisionConditions).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Decisions.DecisionJson.Options),
            v => JsonSerializer.Deserialize<List<Decisions.DecisionCondition>>(v, Decisions.DecisionJson.Options) ?? new List<Decisions.DecisionCondition>(),
            new ValueComparer<List<Decisions.DecisionCondition>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x.GetHashCode())), v => v.ToList()));
        b.Property(c => c.DecisionIssuers).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Decisions.DecisionJson.Options),
            v => JsonSerializer.Deserialize<List<Decisions.IssuingAuthority>>(v, Decisions.DecisionJson.Options) ?? new List<Decisions.IssuingAuthority>(),
            new ValueComparer<List<Decisions.IssuingAuthority>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x.GetHashCode())), v => v.ToList()));
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.IsClosed);
    }
}

internal sealed class CasePauseConfiguration : IEntityTypeConfiguration<CasePause>
{
    public void Configure(EntityTypeBuilder<CasePause> b)
    {
        b.ToTable("case_pauses");
        b.Property(p => p.Reason).HasMaxLength(200);
        b.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.ToTable("case_events");
        b.Property(e => e.Id).UseIdentityAlwaysColumn();
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Kind).HasMaxLength(64);
        b.Property(e => e.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Department).HasMaxLength(16);
        b.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.CaseId, e.At });
    }
}

internal sealed class ReviewTaskConfiguration : IEntityTypeConfiguration<ReviewTask>
{
    public void Configure(EntityTypeBuilder<ReviewTask> b)
    {
        b.ToTable("review_tasks");
        b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.BookmarkId).IsUnique();
        b.Property(t => t.ActivityId).HasMaxLength(100);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.JurisdictionCode).HasMaxLength(6);
        b.Property(t => t.Department).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.CandidateRole).HasMaxLength(32);
        b.Property(t => t.AssigneeName).HasMaxLength(256);
        b.Property(t => t.CompletedByName).HasMaxLength(256);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Outcome).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Property(t => t.CaseNumber).HasMaxLength(32);
        b.Property(t => t.ProjectName).HasMaxLength(200);
        b.Property(t => t.CountyCode).HasMaxLength(6);
        // The inbox asks for open tasks of one jurisdiction (and department), soonest due first (id breaks ties, so a page
        // is one index range); what it filters and searches on is included, so a page is found in the index alone.
        b.HasIndex(t => new { t.JurisdictionCode, t.Department, t.DueOn, t.Id }).HasFilter("status = 'Open'")
            .IncludeProperties(t => new { t.Stage, t.AssigneeId, t.CreatedAt, t.CountyCode, t.UseTypes, t.CaseNumber, t.ProjectName });
        // The inbox's "done" tab: what one person completed, newest first.
        b.HasIndex(t => new { t.CompletedById, t.CompletedAt }).HasFilter("status = 'Completed'").IsDescending(false, true)
            .IncludeProperties(t => new { t.Id, t.Stage, t.DueOn, t.CreatedAt, t.CountyCode, t.UseTypes, t.CaseNumber, t.ProjectName });
        b.HasIndex(t => t.AssigneeId).HasFilter("status = 'Open'");
        b.HasIndex(t => t.CaseId);
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstanceRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRecord> b)
    {
        b.ToTable("workflow_instances");
        b.Property(i => i.DefinitionId).HasMaxLength(100);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.State).HasColumnType("jsonb");
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasIndex(i => i.CaseId);
        b.HasIndex(i => i.Status).HasFilter("status IN ('Running', 'Suspended')");
    }
}

internal sealed class WorkflowBookmarkConfiguration : IEntityTypeConfiguration<WorkflowBookmarkRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowBookmarkRecord> b)
    {
        b.ToTable("workflow_bookmarks");
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.JobId).HasMaxLength(64);
        b.HasOne<WorkflowInstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.InstanceId);
        b.HasIndex(x => x.DueAt).HasFilter("due_at IS NOT NULL");
    }
}

internal sealed class WorkflowJournalConfiguration : IEntityTypeConfiguration<WorkflowJournalRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalRecord> b)
    {
        b.ToTable("workflow_journal");
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.ActivityType).HasMaxLength(100);
        b.Property(x => x.ActivityName).HasMaxLength(200);
        b.Property(x => x.Event).HasMaxLength(32);
        b.Property(x => x.Outcomes).HasMaxLength(400);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Detail).HasColumnType("jsonb");
        b.HasIndex(x => new { x.InstanceId, x.Id });
    }
}

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> b)
    {
        b.ToTable("workflow_definitions");
        b.HasKey(d => new { d.DefinitionId, d.Version });
        b.Property(d => d.DefinitionId).HasMaxLength(100);
        b.Property(d => d.Name).HasMaxLength(200);
        b.Property(d => d.Json).HasColumnType("jsonb");
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.Property(m => m.Kind).HasMaxLength(64);
        b.Property(m => m.Payload).HasColumnType("jsonb");
        b.Property(m => m.JobId).HasMaxLength(64);
        b.HasIndex(m => m.CreatedAt).HasFilter("dispatched_at IS NULL");
    }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> b)
    {
        b.ToTable("number_sequences");
        b.HasKey(s => s.Scope);
        b.Property(s => s.Scope).HasMaxLength(120);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Kind).HasMaxLength(32);
        b.HasIndex(n => new { n.RecipientId, n.CreatedAt });
        // The bell counts a user's unread notifications on every page.
        b.HasIndex(n => n.RecipientId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
    }
}

internal sealed class EmailDeliveryConfiguration : IEntityTypeConfiguration<EmailDelivery>
{
    public void Configure(EntityTypeBuilder<EmailDelivery> b)
    {
        b.ToTable("email_deliveries");
        // One e-mail per notification, whatever runs twice.
        b.HasIndex(d => d.NotificationId).IsUnique();
        b.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.To).HasMaxLength(256);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
    }
}

internal sealed class DecisionDocumentConfiguration : IEntityTypeConfiguration<Decisions.DecisionDocument>
{
    public void Configure(EntityTypeBuilder<Decisions.DecisionDocument> b)
    {
        b.ToTable("decision_documents");
        b.HasKey(d => d.CaseId);
        b.HasOne<Case>().WithOne().HasForeignKey<Decisions.DecisionDocument>(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.DocumentNumber).HasMaxLength(64);
        b.Property(d => d.VerificationCode).HasMaxLength(32);
        b.HasIndex(d => d.VerificationCode).IsUnique();
        b.Property(d => d.Content).HasColumnType("jsonb");
        b.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(d => d.SignedBy).HasMaxLength(500);
    }
}
