using System.Text.Json;
using System.Text.Json.Serialization;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;

namespace Approvals.Application.Decisions;

/// <summary>
/// One condition the decision attaches, with who asked for it: a reviewing department at a level (its authority's name
/// as it stood when the decision was issued, e.g. 晋城市林业局), or the deciding reviewer (<see cref="ByDecider"/>).
/// </summary>
public sealed record DecisionCondition(string Text, JurisdictionLevel Level, Department? Department, string? Authority, string? AuthorityEn, bool ByDecider);

/// <summary>A department that issues the decision (会签: each required department at the deciding level), by the name it had then.</summary>
public sealed record IssuingAuthority(Department Department, string JurisdictionCode, string Name, string NameEn);

/// <summary>A condition on the deciding reviewer's final list: its text and, when it came from a review, that review's task.</summary>
public sealed record FinalCondition(string Text, Guid? FromTaskId = null);

/// <summary>How the decision's lists are stored (jsonb): enums by name, so the rows read on their own.</summary>
public static class DecisionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };
}
