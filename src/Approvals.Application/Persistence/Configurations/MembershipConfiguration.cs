using Approvals.Application.Applicants;
using Approvals.Application.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Persistence.Configurations;

internal sealed class MembershipRequestConfiguration : IEntityTypeConfiguration<MembershipRequest>
{
    public void Configure(EntityTypeBuilder<MembershipRequest> b)
    {
        b.ToTable("membership_requests");
        b.HasKey(r => r.Id);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApprovalsUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.GivenOrganisationName).HasMaxLength(200);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.DecidedByName).HasMaxLength(256);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.HasIndex(r => new { r.OrganisationId, r.Status });
        // A person waits for one organisation at a time.
        b.HasIndex(r => r.UserId).IsUnique().HasFilter("status = 'Pending'");
    }
}

internal sealed class OrganisationInvitationConfiguration : IEntityTypeConfiguration<OrganisationInvitation>
{
    public void Configure(EntityTypeBuilder<OrganisationInvitation> b)
    {
        b.ToTable("organisation_invitations");
        b.HasKey(i => i.Id);
        b.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.CreatedByName).HasMaxLength(256);
        b.HasOne<ApprovalsUser>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApprovalsUser>().WithMany().HasForeignKey(i => i.AcceptedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.OrganisationId);
    }
}
