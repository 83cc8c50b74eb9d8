using Approvals.Domain.Decisions;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Domain.Tests;

public class DecisionDocumentNumberTests
{
    private static readonly DocumentNumbering Numbering = DocumentNumbering.Load(WorkflowsFolder.File("routing-rules.json"));

    [Fact]
    public void A_provincial_land_decision_is_numbered_like_晋自然资预审_2026_17号()
    {
        var number = Numbering.Number(JurisdictionLevel.Province, Department.Land, 2026, 17);

        Assert.Equal("晋自然资预审〔2026〕17号", number.ToString());
        Assert.Equal(new DocumentIssuerKey("晋自然资", 2026), number.IssuerKey);
    }

    [Fact]
    public void Parsing_a_printed_number_gives_back_its_parts_and_the_same_text()
    {
        var number = DecisionDocumentNumber.Parse("晋自然资预审〔2026〕17号");

        Assert.Equal("晋", number.ProvinceShortName);
        Assert.Equal("自然资", number.IssuerAbbreviation);
        Assert.Equal(2026, number.Year);
        Assert.Equal(17, number.Sequence);
        Assert.Equal("晋自然资预审〔2026〕17号", number.ToString());
        Assert.Equal(number, DecisionDocumentNumber.Parse(number.ToString()));
    }

    [Theory]
    [InlineData(JurisdictionLevel.Province, Department.Forest, null, "晋林草预审〔2027〕1号")]
    [InlineData(JurisdictionLevel.City, Department.Land, "城", "晋城自然资预审〔2027〕1号")]
    [InlineData(JurisdictionLevel.County, Department.Land, "泽", "晋泽自然资预审〔2027〕1号")]
    public void Every_configured_issuer_round_trips(JurisdictionLevel level, Department department, string? shortName, string expected)
    {
        var number = Numbering.Number(level, department, 2027, 1, shortName);

        Assert.Equal(expected, number.ToString());
        Assert.Equal(number, DecisionDocumentNumber.Parse(expected));
    }

    [Fact]
    public void Land_and_minerals_share_the_natural_resources_numbering_and_forestry_has_its_own()
    {
        Assert.Equal(Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2026), Numbering.IssuerKey(JurisdictionLevel.Province, Department.Mineral, 2026));
        Assert.NotEqual(Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2026), Numbering.IssuerKey(JurisdictionLevel.Province, Department.Forest, 2026));
        Assert.NotEqual(Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2026), Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2027));
    }

    [Fact]
    public void A_city_issuer_needs_the_citys_short_name()
    {
        Assert.Throws<InvalidOperationException>(() => Numbering.Number(JurisdictionLevel.City, Department.Land, 2026, 1));
    }

    [Fact]
    public void Square_brackets_typed_by_hand_are_accepted()
    {
        Assert.Equal("晋自然资预审〔2026〕5号", DecisionDocumentNumber.Parse("晋自然资预审[2026]5号").ToString());
    }

    [Theory]
    [InlineData("晋自然资审〔2026〕17号")]
    [InlineData("晋自然资预审〔26〕17号")]
    [InlineData("晋自然资预审〔2026〕0号")]
    [InlineData("晋预审〔2026〕17号")]
    [InlineData("晋自然资预审〔2026〕17")]
    [InlineData("")]
    public void Text_that_is_not_a_document_number_does_not_parse(string text)
    {
        Assert.False(DecisionDocumentNumber.TryParse(text, out _));
        Assert.Throws<FormatException>(() => DecisionDocumentNumber.Parse(text));
    }

    [Fact]
    public void A_refusal_is_numbered_in_a_series_of_its_own_and_parses_back_as_a_refusal()
    {
        var refusal = Numbering.Number(JurisdictionLevel.Province, Department.Land, 2026, 3, kind: DocumentKind.Refusal);

        Assert.Equal("晋自然资预审不予〔2026〕3号", refusal.ToString());
        Assert.Equal(DocumentKind.Refusal, DecisionDocumentNumber.Parse("晋自然资预审不予〔2026〕3号").Kind);
        Assert.Equal(DocumentKind.Approval, DecisionDocumentNumber.Parse("晋自然资预审〔2026〕3号").Kind);
        Assert.NotEqual(Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2026),
            Numbering.IssuerKey(JurisdictionLevel.Province, Department.Land, 2026, kind: DocumentKind.Refusal));
    }

    [Fact]
    public void Issuing_authorities_are_named_by_jurisdiction_with_defaults_from_its_name()
    {
        var rules = DecisionDocumentRules.Load(WorkflowsFolder.File(DecisionDocumentRules.FileName));

        Assert.Equal(new Routing.BilingualText("泽州县林业局", "Zezhou County Forestry Bureau"),
            rules.Authority(new Jurisdiction("140525", "泽州县", "Zezhou County", JurisdictionLevel.County, "140500"), Department.Forest));
        Assert.Equal("晋城市自然资源局", rules.Authority(new Jurisdiction("140500", "晋城市", "Jincheng City", JurisdictionLevel.City, "140000"), Department.Mineral).Zh);
        Assert.Equal("山西省林业和草原局", rules.Authority(new Jurisdiction("140000", "山西省", "Shanxi Province", JurisdictionLevel.Province, null), Department.Grassland).Zh);
        Assert.Equal(60, rules.ReconsiderationDays);
        Assert.Equal(6, rules.LitigationMonths);
    }
}
