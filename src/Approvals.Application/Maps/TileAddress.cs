using Approvals.Application.Localization;
using FluentValidation;

namespace Approvals.Application.Maps;

/// <summary>A tile of the Web Mercator (EPSG:3857) pyramid, as map clients address it: zoom, column, row from the top.</summary>
public readonly record struct TileAddress(int Z, int X, int Y)
{
    /// <summary>Deeper than this there is nothing a boundary map needs (z 20 is about 0.15 m a pixel).</summary>
    public const int MaxZoom = 20;

    /// <summary>Tile units per side (MVT's usual 4096) and the margin, in tile units, drawn beyond the edge so outlines join across tiles.</summary>
    public const int Extent = 4096, Buffer = 64;

    /// <summary>Web Mercator's circumference at the equator, in metres: the width of the z 0 tile.</summary>
    private const double WorldM = 40_075_016.686;

    public bool IsValid => Z is >= 0 and <= MaxZoom && X >= 0 && Y >= 0 && X < 1 << Z && Y < 1 << Z;

    /// <summary>One pixel of a 256-pixel tile on the ground, in Web Mercator metres: how far an outline may be simplified without showing.</summary>
    public double PixelMetres() => WorldM / (1 << Z) / 256;

    /// <summary>The <see cref="Buffer"/> beyond the tile's edge in Web Mercator metres: how far around the tile to read what it draws.</summary>
    public double MarginMetres() => PixelMetres() * 256 * Buffer / Extent;
}

/// <summary>The one rule for a tile address, shared by the tile queries.</summary>
public sealed class TileAddressValidator : AbstractValidator<TileAddress>
{
    public TileAddressValidator()
    {
        RuleFor(t => t).Must(t => t.IsValid).OverridePropertyName("tile")
            .WithMessage(_ => Bilingual.Text($"瓦片地址无效：缩放级别应为 0–{TileAddress.MaxZoom}，行列号应在该级别范围内",
                $"No such tile: the zoom is 0–{TileAddress.MaxZoom} and the column and row lie within that zoom"));
    }
}

/// <summary>
/// A Mapbox Vector Tile as PostGIS made it (<c>ST_AsMVT</c>), empty when nothing lies in the tile; the entity tag
/// names what it was made from, so a client holding that tag needs nothing new (<see cref="NotModified"/>).
/// </summary>
public sealed record VectorTile(byte[] Content, string? ETag, bool NotModified = false)
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";
    public bool IsEmpty => Content.Length == 0;
}
