using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Diagrams;

/// <summary>
/// A layered top-down layout: connections that close a loop (found by depth-first search from Start) are set
/// aside as back edges, every other activity goes one layer below its deepest predecessor (longest path), and
/// each layer is ordered by the average position of its predecessors to keep crossings down.
/// </summary>
internal sealed class DiagramLayout
{
    private DiagramLayout(IReadOnlyList<ActivityDefinition> activities, Dictionary<string, (int Layer, int Slot)> positions, HashSet<Connection> backEdges, List<List<string>> layers)
    {
        Activities = activities;
        Positions = positions;
        BackEdges = backEdges;
        Layers = layers;
    }

    public IReadOnlyList<ActivityDefinition> Activities { get; }

    public IReadOnlyDictionary<string, (int Layer, int Slot)> Positions { get; }

    public IReadOnlySet<Connection> BackEdges { get; }

    public IReadOnlyList<IReadOnlyList<string>> Layers { get; }

    public IEnumerable<Connection> DrawableConnections(WorkflowDefinition definition) =>
        definition.Connections.Where(c => Positions.ContainsKey(c.From) && Positions.ContainsKey(c.To));

    public static DiagramLayout Compute(WorkflowDefinition definition)
    {
        var activities = definition.Activities.Where(a => a.Id.Length > 0).DistinctBy(a => a.Id).ToList();
        var ids = activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var outgoing = activities.ToDictionary(
            a => a.Id,
            a => definition.OutgoingFrom(a.Id).Where(c => ids.Contains(c.To)).ToList(),
            StringComparer.Ordinal);

        // Depth-first from Start (then from anything unreachable) to find the edges that close loops.
        var backEdges = new HashSet<Connection>(ReferenceEqualityComparer.Instance);
        var discovery = new List<string>();
        var visit = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        void Visit(string id)
        {
            visit[id] = 1;
            discovery.Add(id);
            foreach (var connection in outgoing[id])
            {
                switch (visit.GetValueOrDefault(connection.To))
                {
                    case 1:
                        backEdges.Add(connection);
                        break;
                    case 0:
                        Visit(connection.To);
                        break;
                }
            }

            visit[id] = 2;
        }

        var roots = activities.Where(a => a.Type == ActivityTypes.Start).Concat(activities).Select(a => a.Id);
        foreach (var root in roots.Where(id => !visit.ContainsKey(id)))
        {
            Visit(root);
        }

        // Longest-path layering over the forward edges, in topological order.
        var forward = activities.SelectMany(a => outgoing[a.Id]).Where(c => !backEdges.Contains(c)).ToList();
        var indegree = ids.ToDictionary(id => id, id => forward.Count(c => c.To == id), StringComparer.Ordinal);
        var layerOf = ids.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        var ready = new Queue<string>(discovery.Where(id => indegree[id] == 0));
        while (ready.TryDequeue(out var id))
        {
            foreach (var connection in outgoing[id].Where(c => !backEdges.Contains(c)))
            {
                layerOf[connection.To] = Math.Max(layerOf[connection.To], layerOf[id] + 1);
                if (--indegree[connection.To] == 0)
                {
                    ready.Enqueue(connection.To);
                }
            }
        }

        var layers = discovery.GroupBy(id => layerOf[id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var slot = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.Count; i++)
            {
                var predecessors = forward.Where(c => c.To == layer[i] && slot.ContainsKey(c.From)).Select(c => slot[c.From]).ToList();
                slot[layer[i]] = predecessors.Count > 0 ? predecessors.Average() : i;
            }

            var ordered = layer.OrderBy(id => slot[id]).ToList(); // stable: ties keep discovery order
            layer.Clear();
            layer.AddRange(ordered);
            for (var i = 0; i < layer.Count; i++)
            {
                slot[layer[i]] = i + ((layers.Max(l => l.Count) - layer.Count) / 2.0);
            }
        }

        var positions = new Dictionary<string, (int Layer, int Slot)>(StringComparer.Ordinal);
        for (var l = 0; l < layers.Count; l++)
        {
            for (var s = 0; s < layers[l].Count; s++)
            {
                positions[layers[l][s]] = (l, s);
            }
        }

        var byId = activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        return new DiagramLayout(discovery.Select(id => byId[id]).ToList(), positions, backEdges, layers);
    }
}
