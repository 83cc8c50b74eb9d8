using Microsoft.Extensions.Configuration;

namespace Approvals.Application.BaseMaps;

/// <summary>Where and how base maps are stored: the storage CRS and the overlay index's piece size.</summary>
public static class BaseMapStorage
{
    /// <summary>Configuration key of the storage CRS (EPSG code of a projected CGCS2000 zone).</summary>
    public const string StorageSridKey = "Approvals:StorageSrid";

    /// <summary>The demo province's storage CRS: CGCS2000 / 3-degree Gauss–Krüger zone 38 (Jincheng).</summary>
    public const int DefaultStorageSrid = 4526;

    /// <summary>
    /// ST_Subdivide's vertex limit for the overlay index. Small pieces keep each clip cheap and each
    /// row under PostgreSQL's 2 kB TOAST threshold (a 64-vertex polygon is about 1 kB), so reading a
    /// candidate never detoasts.
    /// </summary>
    public const int SubdivideMaxVertices = 64;

    public static int StorageSrid(IConfiguration configuration) => Configuration.ApprovalsOptions.ReadStorageSrid(configuration);
}
