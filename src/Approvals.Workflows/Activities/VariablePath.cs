using System.Text.Json.Nodes;

namespace Approvals.Workflows.Activities;

/// <summary>Dotted-path access into JSON objects (<c>a.b.c</c>); arrays are values, not path steps.</summary>
internal static class VariablePath
{
    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var step in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(step, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Split('.');
        var obj = root;
        foreach (var step in steps[..^1])
        {
            if (obj[step] is JsonObject child)
            {
                obj = child;
            }
            else
            {
                var created = new JsonObject();
                obj[step] = created;
                obj = created;
            }
        }

        // A node can belong to one parent only; copy values that already live elsewhere.
        obj[steps[^1]] = value?.Parent is null ? value : value.DeepClone();
    }

    public static string? GetString(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
