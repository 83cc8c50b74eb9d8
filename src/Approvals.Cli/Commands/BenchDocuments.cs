using Approvals.Application.Cases.SubmitCase;
using Approvals.Domain.UseTypes;

namespace Approvals.Cli.Commands;

/// <summary>
/// The documents a benchmark's direct submission carries: what the shipped <c>workflows/required-documents.json</c>
/// requires of the uses (a submission without them is refused), each the smallest PDF a reader opens.
/// </summary>
internal static class BenchDocuments
{
    private static readonly string Pdf = Convert.ToBase64String(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray());

    public static IReadOnlyList<SubmittedDocument> For(IEnumerable<UseType> uses)
    {
        var kinds = uses.ToHashSet();
        var types = new List<string> { "application-form", "project-approval", "survey-map" };
        if (kinds.Contains(UseType.Forest)) types.Add("forest-feasibility-report");
        if (kinds.Contains(UseType.Grassland)) types.Add("grassland-use-plan");
        return types.Select(t => new SubmittedDocument(t, $"{t}.pdf", Pdf)).ToList();
    }
}
