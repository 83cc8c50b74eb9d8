using System.Text.Json.Nodes;

namespace Approvals.Workflows.Tests.Support;

/// <summary>Builds small definition documents in tests, so each test shows its whole graph.</summary>
public static class Flow
{
    public static string Definition(string id, int version, (string Id, string Type, string Name, string Inputs)[] activities, params string[] connections)
    {
        var document = new JsonObject
        {
            ["definitionId"] = id,
            ["version"] = version,
            ["name"] = id,
            ["activities"] = new JsonArray(activities.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["type"] = a.Type,
                ["name"] = a.Name,
                ["inputs"] = JsonNode.Parse(string.IsNullOrEmpty(a.Inputs) ? "{}" : a.Inputs),
            }).ToArray()),
            ["connections"] = new JsonArray(connections.Select(Connection).ToArray()),
        };
        return document.ToJsonString();
    }

    public static (string, string, string, string) A(string id, string type, string? inputs = null, string? name = null) =>
        (id, type, name ?? id, inputs ?? "");

    /// <summary>"a->b" or "a-Approved->b".</summary>
    private static JsonNode Connection(string text)
    {
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        var left = text[..arrow];
        var to = text[(arrow + 2)..];
        var dash = left.IndexOf('-');
        var connection = new JsonObject { ["from"] = dash < 0 ? left : left[..dash], ["to"] = to };
        if (dash >= 0)
        {
            connection["outcome"] = left[(dash + 1)..];
        }

        return connection;
    }
}
