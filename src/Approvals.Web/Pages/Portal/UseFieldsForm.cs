using System.Globalization;
using Approvals.Application.Cases;
using Approvals.Application.Localization;
using Approvals.Domain.UseTypes;

namespace Approvals.Web.Pages.Portal;

/// <summary>
/// The uses fieldsets (land, minerals, forest land, grassland with their facts) as a form: filled from
/// saved uses, bound from a post, and read back into uses. The draft's uses step and a correction share it.
/// </summary>
public sealed class UseFieldsForm
{
    public bool UseLand { get; set; }
    public string? LandAreaHa { get; set; }
    public bool UseMineral { get; set; }
    public string? Mineral { get; set; }
    public string? MineralAreaHa { get; set; }
    public bool UseForest { get; set; }
    public string? ForestAreaHa { get; set; }
    public string? ForestKind { get; set; }
    public string? ForestTerm { get; set; }
    public bool UseGrassland { get; set; }
    public string? GrasslandAreaHa { get; set; }
    public bool BasicGrassland { get; set; }

    private List<UseType> sent = [];

    /// <summary>The field names the form's own messages use (shown next to their fields, not at the top).</summary>
    public static readonly string[] FieldNames = ["Uses", "AreaHa", "ForestKind", "Mineral", "LandAreaHa", "MineralAreaHa", "ForestAreaHa", "GrasslandAreaHa"];

    /// <summary>The name the validator gives the fields of a use, e.g. "Uses[1]" (the uses in the order <see cref="ToUses"/> sent them).</summary>
    public string FieldPrefix(UseType type, string list = "Uses") => sent.IndexOf(type) is var i and >= 0 ? $"{list}[{i}]" : "-";

    public static UseFieldsForm From(IEnumerable<CaseUse> uses)
    {
        var form = new UseFieldsForm();
        foreach (var u in uses)
        {
            var area = u.AreaHa?.ToString(CultureInfo.InvariantCulture);
            switch (u.Type)
            {
                case UseType.Land: (form.UseLand, form.LandAreaHa) = (true, area); break;
                case UseType.Mineral: (form.UseMineral, form.Mineral, form.MineralAreaHa) = (true, u.Mineral, area); break;
                case UseType.Forest: (form.UseForest, form.ForestAreaHa, form.ForestKind, form.ForestTerm) = (true, area, u.ForestKind?.ToString(), u.ForestTerm?.ToString()); break;
                case UseType.Grassland: (form.UseGrassland, form.GrasslandAreaHa, form.BasicGrassland) = (true, area, u.BasicGrassland ?? false); break;
            }
        }
        return form;
    }

    /// <summary>
    /// The ticked uses; an area that is not a number, or is written with a comma, is a message in <paramref name="errors"/>
    /// naming the field. Areas are read with a decimal point in every UI language (zh-CN and en both write 1.5).
    /// </summary>
    public List<CaseUse> ToUses(FormErrors errors)
    {
        decimal? Area(string field, string? text, string zhName, string enName)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var trimmed = text.Trim();
            // A comma is a decimal mark in some cultures and a thousands separator in others ("1,5" may mean 1.5 or 15):
            // areas are never read through a culture, and a comma is refused rather than guessed.
            if (trimmed.IndexOfAny([',', '，', '、']) >= 0)
            {
                errors.Add(field, Bilingual.Text($"{zhName}“{trimmed}”含有逗号：小数请用小数点，如 1.5；不要使用千位分隔符",
                    $"{enName} \"{trimmed}\" contains a comma: write decimals with a point, e.g. 1.5, and no thousands separators"));
                return null;
            }
            if (decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
            errors.Add(field, Bilingual.Text($"{zhName}应为数字（公顷），如 2.5", $"{enName} is a number of hectares, e.g. 2.5"));
            return null;
        }

        var uses = new List<CaseUse>();
        if (UseLand) uses.Add(new CaseUse(UseType.Land, Area(nameof(LandAreaHa), LandAreaHa, "用地面积", "The land area")));
        if (UseMineral) uses.Add(new CaseUse(UseType.Mineral, Area(nameof(MineralAreaHa), MineralAreaHa, "用矿涉及面积", "The mineral area"), Mineral: Mineral));
        if (UseForest)
            uses.Add(new CaseUse(UseType.Forest, Area(nameof(ForestAreaHa), ForestAreaHa, "林地面积", "The forest-land area"),
                Enum.TryParse<ForestKind>(ForestKind, out var kind) ? kind : null,
                ForestTerm == nameof(ForestUseTerm.Temporary) ? ForestUseTerm.Temporary : ForestUseTerm.Permanent));
        if (UseGrassland) uses.Add(new CaseUse(UseType.Grassland, Area(nameof(GrasslandAreaHa), GrasslandAreaHa, "草原面积", "The grassland area"), BasicGrassland: BasicGrassland));
        sent = uses.Select(u => u.Type).ToList();
        return uses;
    }
}

/// <param name="List">The property the validator names the uses by ("Uses", or "Application.Uses" in a correction).</param>
public sealed record UseFieldsView(UseFieldsForm Form, FormErrors Errors, string List = "Uses");
