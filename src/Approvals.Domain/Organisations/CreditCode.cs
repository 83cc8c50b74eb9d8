namespace Approvals.Domain.Organisations;

/// <summary>
/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-symbol
/// alphabet, the last one a check character over the first 17.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool HasValidShape(string? code) =>
        code is { Length: 18 } && code.All(c => Alphabet.Contains(c));

    public static bool IsValid(string? code) =>
        HasValidShape(code) && CheckCharacter(code![..17]) == code[17];

    /// <summary>The check character for the first 17 characters.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }
}
