using Approvals.Application.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Approvals.Spatial.Coordinates;
using NetTopologySuite.Geometries;

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

    /// <summary>The box as a polygon in <paramref name="srid"/>; its edges are densified first, since parallels are curves there.</summary>
    public Polygon Polygon(int srid)
    {
        const int Steps = 64;
        var ring = new List<Coordinate>();
        void Edge(double x0, double y0, double x1, double y1)
        {
            for (var i = 0; i < Steps; i++)
                ring.Add(new Coordinate(x0 + (x1 - x0) * i / Steps, y0 + (y1 - y0) * i / Steps));
        }
        Edge(MinLongitude, MinLatitude, MaxLongitude, MinLatitude);
        Edge(MaxLongitude, MinLatitude, MaxLongitude, MaxLatitude);
        Edge(MaxLongitude, MaxLatitude, MinLongitude, MaxLatitude);
        Edge(MinLongitude, MaxLatitude, MinLongitude, MinLatitude);
        ring.Add(ring[0].Copy());
        var factory = new GeometryFactory(new PrecisionModel(), Cgcs2000Crs.GeographicSrid);
        return (Polygon)CoordinateTransformer.Transform(factory.CreatePolygon(ring.ToArray()), Cgcs2000Crs.GeographicSrid, srid);
    }
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
