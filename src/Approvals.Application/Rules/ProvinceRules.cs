using Approvals.Domain.BaseMaps;
using Approvals.Domain.Calendar;
using Approvals.Domain.Decisions;
using Approvals.Domain.Documents;
using Approvals.Domain.Routing;

namespace Approvals.Application.Rules;

/// <summary>
/// The province's configurable rules: the base-map catalogue, who decides (routing), time limits, the working-day
/// calendar and the decision documents' numbering and wording. They come from the rules folder (`workflows/`) at
/// start-up, or from a version published in the administration console (<see cref="RulesBook"/>); both go through
/// <see cref="FromFiles"/>, so an uploaded file passes exactly the checks a file in the folder does.
/// </summary>
public sealed class ProvinceRules
{
    private ProvinceRules(string folder, BaseMapCatalogue catalogue, CaseRouting routing, TimeLimits timeLimits,
        WorkingDayCalendar calendar, DocumentNumbering documentNumbering, RequiredDocuments requiredDocuments,
        DecisionDocumentRules decisionDocuments)
    {
        Folder = folder;
        Catalogue = catalogue;
        Routing = routing;
        TimeLimits = timeLimits;
        Calendar = calendar;
        DocumentNumbering = documentNumbering;
        RequiredDocuments = requiredDocuments;
        DecisionDocuments = decisionDocuments;
    }

    /// <summary>The rules folder of this node (the workflow definitions live there too).</summary>
    public string Folder { get; }
    public BaseMapCatalogue Catalogue { get; }
    public CaseRouting Routing { get; }
    public TimeLimits TimeLimits { get; }
    public WorkingDayCalendar Calendar { get; }
    public DocumentNumbering DocumentNumbering { get; }
    /// <summary>The materials an application must carry (the portal's checklist).</summary>
    public RequiredDocuments RequiredDocuments { get; }
    /// <summary>Issuing authorities' names, a refusal's default legal basis and remedies (<c>decision-documents.json</c>).</summary>
    public DecisionDocumentRules DecisionDocuments { get; }

    /// <summary>Reads every rules file; a missing or invalid file fails start-up with its name in the message.</summary>
    public static ProvinceRules Load(string folder)
    {
        if (!File.Exists(Path.Combine(folder, BaseMapCatalogue.FileName)))
            throw new InvalidOperationException($"The rules folder \"{folder}\" has no {BaseMapCatalogue.FileName}; set Approvals:WorkflowsPath to the project's workflows/ folder.");
        return FromFiles(RulesFiles.Read(folder), folder);
    }

    /// <summary>
    /// Builds the rules from a set of files (name → content, names as <see cref="RulesFiles"/> gives them) and checks them.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing, malformed or inconsistent; the message starts with its name.</exception>
    public static ProvinceRules FromFiles(IReadOnlyDictionary<string, string> files, string folder)
    {
        string File(string name) => files.TryGetValue(name, out var content)
            ? content
            : throw new InvalidDataException($"{name}: the file is missing from the rules.");
        var catalogue = BaseMapCatalogue.Parse(File(BaseMapCatalogue.FileName), BaseMapCatalogue.FileName);
        var years = files.Where(f => f.Key.StartsWith($"{RulesFiles.CalendarFolder}/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => WorkingDayCalendar.ParseYear(f.Value, f.Key)).ToList();
        if (years.Count == 0) throw new InvalidDataException($"{RulesFiles.CalendarFolder}/: the working-day calendar needs at least one year file (e.g. {RulesFiles.CalendarFolder}/2026.json).");
        var routingJson = File(RoutingRules.FileName);
        return new ProvinceRules(
            folder,
            catalogue,
            new CaseRouting(catalogue, RoutingRules.Parse(routingJson, RoutingRules.FileName)),
            TimeLimits.Parse(File(TimeLimits.FileName), TimeLimits.FileName),
            new WorkingDayCalendar(years),
            DocumentNumbering.Parse(routingJson, RoutingRules.FileName),
            RequiredDocuments.Parse(File(RequiredDocuments.FileName), catalogue, RequiredDocuments.FileName),
            DecisionDocumentRules.Parse(File(DecisionDocumentRules.FileName), DecisionDocumentRules.FileName));
    }
}
