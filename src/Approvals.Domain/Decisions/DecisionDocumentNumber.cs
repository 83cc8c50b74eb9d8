using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Approvals.Domain.Decisions;

/// <summary>
/// The scope within which decision-document sequences run without repeats or gaps: one issuer (its prefix, e.g. 晋自然资) and one year.
/// The database allocates the next sequence per key.
/// </summary>
public sealed record DocumentIssuerKey(string IssuerPrefix, int Year, DocumentKind Kind = DocumentKind.Approval)
{
    public override string ToString() => Kind == DocumentKind.Approval ? $"{IssuerPrefix}/{Year}" : $"{IssuerPrefix}/{Year}/{Kind}";
}

/// <summary>
/// Approvals and refusals are numbered in separate series of the same issuer: a refusal is an administrative decision
/// of its own (不予通过决定书), and mixing them would make the approvals' sequence look as if numbers were skipped.
/// </summary>
public enum DocumentKind
{
    /// <summary>预审意见书, marked 预审: 晋自然资预审〔2026〕17号.</summary>
    Approval = 0,
    /// <summary>不予通过预审决定书, marked 预审不予: 晋自然资预审不予〔2026〕3号.</summary>
    Refusal = 1,
}

/// <summary>
/// A pre-approval document number, <c>{province short name}{issuer abbreviation}预审〔{year}〕{sequence}号</c>,
/// e.g. 晋自然资预审〔2026〕17号; a refusal's is marked 预审不予 (晋自然资预审不予〔2026〕3号).
/// </summary>
public sealed partial record DecisionDocumentNumber
{
    /// <summary>Creates a number; the parts are checked so that the result always parses back to itself.</summary>
    /// <exception cref="ArgumentException">A part is empty, malformed or out of range.</exception>
    public DecisionDocumentNumber(string provinceShortName, string issuerAbbreviation, int year, int sequence, DocumentKind kind = DocumentKind.Approval)
    {
        // Every province's short name (晋, 京, 冀…) is one character, which is what lets Parse split the prefix.
        if (provinceShortName is not { Length: 1 } || char.IsWhiteSpace(provinceShortName[0]) || char.IsAsciiLetterOrDigit(provinceShortName[0]))
            throw new ArgumentException($"A province short name is one Chinese character, not '{provinceShortName}'.", nameof(provinceShortName));
        if (string.IsNullOrWhiteSpace(issuerAbbreviation) || issuerAbbreviation.Any(char.IsWhiteSpace) || issuerAbbreviation.Contains(Marker, StringComparison.Ordinal))
            throw new ArgumentException($"'{issuerAbbreviation}' is not a usable issuer abbreviation.", nameof(issuerAbbreviation));
        if (year is < 1000 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "The year has four digits.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ProvinceShortName = provinceShortName;
        IssuerAbbreviation = issuerAbbreviation;
        Year = year;
        Sequence = sequence;
        Kind = kind;
    }

    private const string Marker = "预审";
    private const string RefusalMarker = "预审不予";

    /// <summary>Approval or refusal: each has its own series.</summary>
    public DocumentKind Kind { get; }

    /// <summary>The province's one-character short name, e.g. 晋.</summary>
    public string ProvinceShortName { get; }

    /// <summary>The issuing body's abbreviation, e.g. 自然资.</summary>
    public string IssuerAbbreviation { get; }

    public int Year { get; }

    /// <summary>The position in the issuer's numbering for the year, from 1.</summary>
    public int Sequence { get; }

    /// <summary>Province short name and issuer abbreviation, e.g. 晋自然资.</summary>
    public string IssuerPrefix => ProvinceShortName + IssuerAbbreviation;

    /// <summary>The sequence scope this number belongs to.</summary>
    public DocumentIssuerKey IssuerKey => new(IssuerPrefix, Year, Kind);

    /// <summary>The number as printed, e.g. 晋自然资预审〔2026〕17号 or 晋自然资预审不予〔2026〕3号.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{IssuerPrefix}{(Kind == DocumentKind.Refusal ? RefusalMarker : Marker)}〔{Year}〕{Sequence}号");

    /// <summary>Parses a printed number. Square brackets ([ ] or ［ ］) typed instead of 〔 〕 are accepted.</summary>
    /// <exception cref="FormatException">The text is not a document number.</exception>
    public static DecisionDocumentNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not a pre-approval document number like 晋自然资预审〔2026〕17号.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out DecisionDocumentNumber? number)
    {
        number = null;
        if (text is null) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        var prefix = m.Groups["prefix"].Value;
        if (!int.TryParse(m.Groups["year"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(m.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence <= 0)
        {
            return false;
        }

        try
        {
            number = new DecisionDocumentNumber(prefix[..1], prefix[1..], year, sequence,
                m.Groups["marker"].Value == RefusalMarker ? DocumentKind.Refusal : DocumentKind.Approval);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<prefix>\S{2,}?)(?<marker>预审不予|预审)[〔\[［](?<year>\d{4})[〕\]］](?<seq>\d{1,9})号$")]
    private static partial Regex Pattern();
}
