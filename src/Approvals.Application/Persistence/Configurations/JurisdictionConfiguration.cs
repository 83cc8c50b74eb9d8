using Approvals.Domain.Jurisdictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Persistence.Configurations;

internal sealed class JurisdictionConfiguration : IEntityTypeConfiguration<Jurisdiction>
{
    public void Configure(EntityTypeBuilder<Jurisdiction> b)
    {
        b.ToTable("jurisdictions");
        b.HasKey(j => j.Code);
        b.Property(j => j.Code).HasMaxLength(6);
        b.Property(j => j.Name).HasMaxLength(64);
        b.Property(j => j.NameEn).HasMaxLength(64);
        b.Property(j => j.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.ParentCode).HasMaxLength(6);
        b.HasOne<Jurisdiction>().WithMany().HasForeignKey(j => j.ParentCode).OnDelete(DeleteBehavior.Restrict);
        // The demo province's jurisdictions are reference data: they arrive with the migrations.
        b.HasData(DemoProvince.Jurisdictions);
    }
}
