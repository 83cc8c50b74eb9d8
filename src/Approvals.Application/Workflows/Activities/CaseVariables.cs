using System.Text.Json.Nodes;
using Approvals.Application.Cases;
using Approvals.Application.Persistence;
using Approvals.Domain.Jurisdictions;
using Approvals.Workflows.Activities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application.Workflows.Activities;

/// <summary>
/// The variables the joint pre-approval workflow keeps about its case, and access to the case row
/// from an activity (activities run inside the host's transaction, on its DbContext).
/// </summary>
public static class CaseVariables
{
    public const string CaseId = "caseId";
    public const string Jurisdictions = "jurisdictions";
    public const string RequiredDepartments = "requiredDepartments";
    public const string DecidingLevel = "decidingLevel";
    public const string CurrentLevel = "currentLevel";
    public const string Reviews = "reviews";
    public const string Correction = "correction";

    public static JsonObject StartInput(Case c, string cityCode, string provinceCode) => new()
    {
        [CaseId] = c.Id.ToString(),
        [Jurisdictions] = new JsonObject { ["County"] = c.CountyCode, ["City"] = cityCode, ["Province"] = provinceCode },
    };

    public static Guid CaseIdOf(ActivityContext context) =>
        Guid.Parse(context.GetVariable(CaseId)?.GetValue<string>() ?? throw new InvalidOperationException("The workflow has no caseId variable."));

    public static async Task<Case> LoadCaseAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<ApprovalsDbContext>();
        var id = CaseIdOf(context);
        // One run executes several activities of the same case: after the first, the row is in the change tracker.
        return await db.Set<Case>().FindAsync([id], context.CancellationToken)
            ?? throw new InvalidOperationException($"The workflow's case {id} does not exist.");
    }

    public static string JurisdictionAt(ActivityContext context, JurisdictionLevel level) =>
        context.GetVariable($"{Jurisdictions}.{level}")?.GetValue<string>()
        ?? throw new InvalidOperationException($"The workflow knows no {level} jurisdiction.");

    public static JurisdictionLevel? LevelVariable(ActivityContext context, string name) =>
        context.GetVariable(name)?.GetValue<string>() is { } s && Enum.TryParse<JurisdictionLevel>(s, out var level) ? level : null;
}
