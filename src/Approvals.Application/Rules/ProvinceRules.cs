using Approvals.Domain.BaseMaps;
using Approvals.Domain.Calendar;
using Approvals.Domain.Decisions;
using Approvals.Domain.Documents;
using Approvals.Domain.Routing;

namespace Approvals.Application.Rules;

/// <summary>
/// The province's configurable rules, read once at start-up from the rules folder (`workflows/`):
/// the base-map catalogue, who decides (routing), time limits, the working-day calendar and the
/// decision documents' numbering and wording. A province changes these files, not the code.
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
        var catalogue = BaseMapCatalogue.Load(Path.Combine(folder, BaseMapCatalogue.FileName));
        return new ProvinceRules(
            folder,
            catalogue,
            new CaseRouting(catalogue, RoutingRules.Load(Path.Combine(folder, RoutingRules.FileName))),
            TimeLimits.Load(Path.Combine(folder, TimeLimits.FileName)),
            WorkingDayCalendar.Load(Path.Combine(folder, "calendar")),
            DocumentNumbering.Load(Path.Combine(folder, RoutingRules.FileName)),
            RequiredDocuments.Load(Path.Combine(folder, RequiredDocuments.FileName), catalogue),
            DecisionDocumentRules.Load(Path.Combine(folder, DecisionDocumentRules.FileName)));
    }
}
