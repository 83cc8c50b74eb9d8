using System.Text.Json;
using System.Text.Json.Nodes;

namespace Approvals.Workflows.Definitions;

/// <summary>Reads and writes definitions as camelCase JSON (one definition version per document).</summary>
public static class WorkflowDefinitionJson
{
    /// <summary>Parses a definition, filling defaults (outcome "Done", empty inputs, name = id). Does not validate the graph.</summary>
    /// <exception cref="InvalidWorkflowDefinitionException">The text is not a JSON definition.</exception>
    public static WorkflowDefinition Parse(string json, string? source = null)
    {
        WorkflowDefinition? raw;
        try
        {
            raw = JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidWorkflowDefinitionException(source ?? "(text)", [$"not a valid definition document: {ex.Message}"]);
        }

        if (raw is null)
        {
            throw new InvalidWorkflowDefinitionException(source ?? "(text)", ["the document is empty (null)"]);
        }

        return Normalize(raw, source);
    }

    /// <summary>Reads one definition file.</summary>
    public static WorkflowDefinition ReadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Writes a definition as JSON.</summary>
    public static string Serialize(WorkflowDefinition definition, bool indented = true) =>
        JsonSerializer.Serialize(definition, indented ? WorkflowJson.IndentedOptions : WorkflowJson.Options);

    /// <summary>True when both definitions have the same JSON content (used to keep published versions immutable).</summary>
    public static bool SameContent(WorkflowDefinition a, WorkflowDefinition b) =>
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a, WorkflowJson.Options), JsonSerializer.SerializeToNode(b, WorkflowJson.Options));

    private static WorkflowDefinition Normalize(WorkflowDefinition raw, string? source)
    {
        // The deserializer happily stores JSON nulls in non-nullable properties; turn them into defaults or errors here.
        var subject = source ?? $"'{raw.DefinitionId}' v{raw.Version}";
        var errors = new List<string>();
        var activities = new List<ActivityDefinition>();
        var rawActivities = (IReadOnlyList<ActivityDefinition?>?)raw.Activities ?? [];
        for (var i = 0; i < rawActivities.Count; i++)
        {
            var a = rawActivities[i];
            if (a is null)
            {
                errors.Add($"activity #{i + 1} is null");
                continue;
            }

            var id = a.Id ?? "";
            activities.Add(new ActivityDefinition
            {
                Id = id,
                Type = a.Type ?? "",
                Name = string.IsNullOrWhiteSpace(a.Name) ? id : a.Name,
                NameEn = string.IsNullOrWhiteSpace(a.NameEn) ? null : a.NameEn,
                Inputs = a.Inputs ?? new JsonObject(),
            });
        }

        var connections = new List<Connection>();
        var rawConnections = (IReadOnlyList<Connection?>?)raw.Connections ?? [];
        for (var i = 0; i < rawConnections.Count; i++)
        {
            var c = rawConnections[i];
            if (c is null)
            {
                errors.Add($"connection #{i + 1} is null");
                continue;
            }

            connections.Add(new Connection
            {
                From = c.From ?? "",
                To = c.To ?? "",
                Outcome = string.IsNullOrWhiteSpace(c.Outcome) ? Connection.DefaultOutcome : c.Outcome,
            });
        }

        if (errors.Count > 0)
        {
            throw new InvalidWorkflowDefinitionException(subject, errors);
        }

        return new WorkflowDefinition
        {
            DefinitionId = raw.DefinitionId ?? "",
            Version = raw.Version,
            Name = raw.Name ?? "",
            Description = raw.Description,
            NameEn = string.IsNullOrWhiteSpace(raw.NameEn) ? null : raw.NameEn,
            DescriptionEn = string.IsNullOrWhiteSpace(raw.DescriptionEn) ? null : raw.DescriptionEn,
            Activities = activities,
            Connections = connections,
        };
    }
}
