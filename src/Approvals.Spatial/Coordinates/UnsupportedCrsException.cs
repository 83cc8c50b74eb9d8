namespace Approvals.Spatial.Coordinates;

/// <summary>Thrown when an EPSG code is not one of the supported CGCS2000 systems (see <see cref="Cgcs2000Crs"/>).</summary>
public sealed class UnsupportedCrsException : NotSupportedException
{
    /// <summary>Creates the exception for <paramref name="srid"/>.</summary>
    public UnsupportedCrsException(int srid, string? detail = null)
        : base(detail ?? $"EPSG:{srid} is not supported; use EPSG:4490 (CGCS2000 geographic), 4513–4533 (3-degree Gauss–Krüger zones 25–45 with zone prefix) or 4534–4554 (the same zones without prefix).")
    {
        Srid = srid;
    }

    /// <summary>The EPSG code that was asked for (0 when a zone number was the problem).</summary>
    public int Srid { get; }
}
