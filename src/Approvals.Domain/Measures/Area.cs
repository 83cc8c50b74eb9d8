using System.Globalization;

namespace Approvals.Domain.Measures;

/// <summary>
/// An area, held exactly in square metres. 1 ha = 10,000 m² = 15 mu (亩), so every conversion is exact in decimal;
/// rounding happens only for display, never in the value compared against thresholds.
/// </summary>
public readonly record struct Area : IComparable<Area>
{
    private const decimal SquareMetresPerHectare = 10_000m;
    private const decimal MuPerHectare = 15m;

    private Area(decimal squareMetres)
    {
        if (squareMetres < 0) throw new ArgumentOutOfRangeException(nameof(squareMetres), squareMetres, "An area cannot be negative.");
        SquareMetres = squareMetres;
    }

    /// <summary>No area at all.</summary>
    public static Area Zero => default;

    /// <summary>The exact value in square metres.</summary>
    public decimal SquareMetres { get; }

    /// <summary>The exact value in hectares (公顷).</summary>
    public decimal Hectares => SquareMetres / SquareMetresPerHectare;

    /// <summary>The exact value in mu (亩).</summary>
    public decimal Mu => Hectares * MuPerHectare;

    public static Area FromSquareMetres(decimal squareMetres) => new(squareMetres);

    /// <summary>From a floating-point measurement (e.g. a computed polygon area).</summary>
    public static Area FromSquareMetres(double squareMetres) =>
        double.IsFinite(squareMetres) ? new((decimal)squareMetres) : throw new ArgumentOutOfRangeException(nameof(squareMetres), squareMetres, "An area must be a finite number.");

    public static Area FromHectares(decimal hectares) => new(hectares * SquareMetresPerHectare);

    public static Area FromMu(decimal mu) => new(mu / MuPerHectare * SquareMetresPerHectare);

    /// <summary>Square metres rounded to two decimals (half away from zero), as reports show them.</summary>
    public decimal RoundedSquareMetres => Round(SquareMetres);

    /// <summary>Hectares rounded to two decimals (half away from zero), as reports show them.</summary>
    public decimal RoundedHectares => Round(Hectares);

    /// <summary>Mu rounded to two decimals (half away from zero), as reports show them.</summary>
    public decimal RoundedMu => Round(Mu);

    /// <summary>Hectares with exactly two decimals, e.g. "3.21".</summary>
    public string HectaresText => RoundedHectares.ToString("0.00", CultureInfo.InvariantCulture);

    public static Area operator +(Area left, Area right) => new(left.SquareMetres + right.SquareMetres);

    public static Area operator -(Area left, Area right) => new(left.SquareMetres - right.SquareMetres);

    public static bool operator <(Area left, Area right) => left.SquareMetres < right.SquareMetres;

    public static bool operator >(Area left, Area right) => left.SquareMetres > right.SquareMetres;

    public static bool operator <=(Area left, Area right) => left.SquareMetres <= right.SquareMetres;

    public static bool operator >=(Area left, Area right) => left.SquareMetres >= right.SquareMetres;

    public static Area Max(Area left, Area right) => left >= right ? left : right;

    public int CompareTo(Area other) => SquareMetres.CompareTo(other.SquareMetres);

    /// <summary>Display form, e.g. "3.21 ha".</summary>
    public override string ToString() => $"{HectaresText} ha";

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
