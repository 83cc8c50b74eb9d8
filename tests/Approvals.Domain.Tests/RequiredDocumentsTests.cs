using Approvals.Domain.Documents;
using Approvals.Domain.UseTypes;

namespace Approvals.Domain.Tests;

public class RequiredDocumentsTests
{
    private static readonly RequiredDocuments Shipped = RequiredDocuments.Load(WorkflowsFolder.File(RequiredDocuments.FileName), WorkflowsFolder.Catalogue);

    private static string[] Checklist(UseType[] uses, string[] hits) => Shipped.For(uses, hits).Select(r => r.Name.Zh).ToArray();

    [Fact]
    public void Every_application_needs_the_form_the_project_approval_and_the_survey_map()
    {
        Assert.Equal(["申请表", "项目批准、核准或备案文件", "勘测定界图"], Checklist([UseType.Land], []));
    }

    [Fact]
    public void Forest_and_grassland_uses_and_hits_on_important_minerals_add_their_own_materials()
    {
        var checklist = Checklist([UseType.Land, UseType.Forest, UseType.Grassland], ["IMD", "PBF"]);

        Assert.Equal(["申请表", "项目批准、核准或备案文件", "勘测定界图", "使用林地可行性报告或使用林地现状调查表", "草原征占用方案", "压覆矿产资源评估报告"], checklist);
    }

    [Fact]
    public void Either_forest_document_satisfies_the_forest_item()
    {
        var forest = Shipped.For([UseType.Forest], []).Single(r => r.AnyOf.Count == 2);

        Assert.True(forest.IsSatisfiedBy(["forest-feasibility-report"]));
        Assert.True(forest.IsSatisfiedBy(["application-form", "forest-status-survey"]));
        Assert.False(forest.IsSatisfiedBy(["application-form", null]));
    }

    [Theory]
    [InlineData("""{ "documentTypes": [ { "code": "a", "zh": "甲", "en": "A" } ], "requirements": [ { "anyOf": [ "b" ] } ] }""", "unknown document type 'b'")]
    [InlineData("""{ "documentTypes": [ { "code": "a", "zh": "甲", "en": "A" } ], "requirements": [ { "anyOf": [ "a" ], "hits": [ "XXX" ] } ] }""", "unknown base-map category 'XXX'")]
    [InlineData("""{ "documentTypes": [ { "code": "a", "zh": "甲", "en": "A" } ], "requirements": [ { "anyOf": [ "a" ], "useTypes": [ "water" ] } ] }""", "unknown use type 'water'")]
    [InlineData("""{ "documentTypes": [ { "code": "a", "zh": "甲", "en": "A" }, { "code": "a", "zh": "乙", "en": "B" } ], "requirements": [] }""", "code 'a' appears twice")]
    public void A_file_that_names_what_does_not_exist_fails_at_load_saying_where(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => RequiredDocuments.Parse(json, WorkflowsFolder.Catalogue));

        Assert.Contains(message, e.Message);
        Assert.StartsWith(RequiredDocuments.FileName, e.Message);
    }
}
