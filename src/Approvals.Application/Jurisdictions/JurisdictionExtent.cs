using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Approvals.Application.Jurisdictions;

/// <summary>
/// The longitude/latitude box (CGCS2000) a jurisdiction lies within. Until official outlines are imported it is what a
/// boundary is checked against: a box holds the whole jurisdiction, so a boundary outside it is certainly outside the
/// jurisdiction (the reverse is not certain; neighbours' boxes overlap).
/// </summary>
public sealed class JurisdictionExtent
{
    public string Code { get; init; } = "";
    public double MinLongitude { get; init; }
    public double MinLatitude { get; init; }
    public double MaxLongitude { get; init; }
    public double MaxLatitude { get; init; }
}

internal sealed class JurisdictionExtentConfiguration : IEntityTypeConfiguration<JurisdictionExtent>
{
    public void Configure(EntityTypeBuilder<JurisdictionExtent> b)
    {
        b.ToTable("jurisdiction_extents", t => t.HasCheckConstraint("ck_jurisdiction_extents_box",
            "min_longitude < max_longitude AND min_latitude < max_latitude AND min_longitude >= -180 AND max_longitude <= 180 AND min_latitude >= -90 AND max_latitude <= 90"));
        b.HasKey(e => e.Code);
        b.Property(e => e.Code).HasMaxLength(6);
        b.HasOne<Domain.Jurisdictions.Jurisdiction>().WithOne().HasForeignKey<JurisdictionExtent>(e => e.Code).OnDelete(DeleteBehavior.Cascade);
        // The demo counties' boxes are reference data like the counties themselves.
        b.HasData(DemoProvince.Extents);
    }
}
