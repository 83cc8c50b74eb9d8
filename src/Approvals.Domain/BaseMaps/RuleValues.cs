using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.BaseMaps;

/// <summary>Shared parsing of the words the rules files use for levels and departments, with errors that name the file and place.</summary>
internal static class RuleValues
{
    public static JurisdictionLevel ParseLevel(string? text, string where) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "county" => JurisdictionLevel.County,
            "city" => JurisdictionLevel.City,
            "province" => JurisdictionLevel.Province,
            "national" => JurisdictionLevel.National,
            null or "" => throw new InvalidDataException($"{where}: a level is required (county, city, province or national)."),
            _ => throw new InvalidDataException($"{where}: unknown level '{text}' (expected county, city, province or national)."),
        };

    public static Department ParseDepartment(string? text, string where) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "land" => Department.Land,
            "mineral" => Department.Mineral,
            "forest" => Department.Forest,
            "grassland" => Department.Grassland,
            null or "" => throw new InvalidDataException($"{where}: a department is required (land, mineral, forest or grassland)."),
            _ => throw new InvalidDataException($"{where}: unknown department '{text}' (expected land, mineral, forest or grassland)."),
        };

    public static string Required(string? text, string field, string where) =>
        string.IsNullOrWhiteSpace(text) ? throw new InvalidDataException($"{where}: '{field}' is required.") : text.Trim();

    public static T Required<T>(T? value, string field, string where) where T : class =>
        value ?? throw new InvalidDataException($"{where}: '{field}' is required.");

    public static T Required<T>(T? value, string field, string where) where T : struct =>
        value ?? throw new InvalidDataException($"{where}: '{field}' is required.");

    /// <summary>Options shared by the rules files: camelCase, comments allowed, and unknown properties refused so that typos surface at load.</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static T Deserialize<T>(string json, string where)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(json, JsonOptions)
                ?? throw new InvalidDataException($"{where}: the file is empty.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{where}: not valid JSON for this file ({ex.Message}).", ex);
        }
    }
}
