using Approvals.Application.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Persistence.Configurations;

internal sealed class ApprovalsUserConfiguration : IEntityTypeConfiguration<ApprovalsUser>
{
    public void Configure(EntityTypeBuilder<ApprovalsUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(128);
        b.Property(u => u.JurisdictionCode).HasMaxLength(6);
        b.Property(u => u.Department).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Domain.Jurisdictions.Jurisdiction>().WithMany().HasForeignKey(u => u.JurisdictionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.JurisdictionCode);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("organisations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.CreditCode).HasMaxLength(18).IsFixedLength();
        b.HasIndex(o => o.CreditCode).IsUnique();
    }
}
