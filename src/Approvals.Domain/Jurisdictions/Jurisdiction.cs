namespace Approvals.Domain.Jurisdictions;

/// <summary>
/// A province, city (prefecture) or county, identified by its six-digit administrative division code
/// (GB/T 2260). The code carries the hierarchy: 14xxxx is in province 14, 1405xx in city 1405.
/// </summary>
public sealed class Jurisdiction
{
    private Jurisdiction() { Code = Name = NameEn = ""; }

    public Jurisdiction(string code, string name, string nameEn, JurisdictionLevel level, string? parentCode)
    {
        if (!IsValidCode(code)) throw new ArgumentException($"'{code}' is not a six-digit administrative code.", nameof(code));
        if (level == JurisdictionLevel.National) throw new ArgumentException("The national level is not an administered jurisdiction.", nameof(level));
        Code = code;
        Name = name;
        NameEn = nameEn;
        Level = level;
        ParentCode = parentCode;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
    public JurisdictionLevel Level { get; private set; }
    public string? ParentCode { get; private set; }

    public static bool IsValidCode(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);
}
