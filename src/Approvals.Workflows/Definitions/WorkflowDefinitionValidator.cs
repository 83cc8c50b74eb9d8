using Approvals.Workflows.Activities;

namespace Approvals.Workflows.Definitions;

/// <summary>
/// Checks what is simply decidable about a definition before it is published: ids, types, connections,
/// one Start, reachability, join fan-in and fork/join pairing, plus each activity type's own input checks.
/// Every message names the activity (or connection) at fault.
/// </summary>
public sealed class WorkflowDefinitionValidator(ActivityRegistry registry)
{
    /// <summary>All problems found; empty when the definition is valid.</summary>
    public IReadOnlyList<string> Validate(WorkflowDefinition definition)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
        {
            errors.Add("'definitionId' is missing");
        }

        if (definition.Version < 1)
        {
            errors.Add($"'version' must be 1 or higher (is {definition.Version})");
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            errors.Add("'name' is missing");
        }

        CheckActivities(definition, errors);
        var known = definition.Activities.Select(a => a.Id).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        CheckConnections(definition, known, errors);

        var starts = definition.Activities.Where(a => a.Type == ActivityTypes.Start).ToList();
        if (starts.Count == 0)
        {
            errors.Add("there is no Start activity; exactly one is required");
        }
        else if (starts.Count > 1)
        {
            errors.Add($"there are {starts.Count} Start activities ({string.Join(", ", starts.Select(s => $"'{s.Id}'"))}); exactly one is required");
        }
        else
        {
            var reachable = Reachable(definition, starts[0].Id);
            foreach (var activity in definition.Activities.Where(a => a.Id.Length > 0 && !reachable.Contains(a.Id)))
            {
                errors.Add($"activity '{activity.Id}' is not reachable from Start '{starts[0].Id}'");
            }
        }

        CheckJoins(definition, errors);
        CheckForks(definition, errors);
        return errors;
    }

    /// <summary>Throws <see cref="InvalidWorkflowDefinitionException"/> listing every problem.</summary>
    public void EnsureValid(WorkflowDefinition definition, string? subject = null)
    {
        var errors = Validate(definition);
        if (errors.Count > 0)
        {
            throw new InvalidWorkflowDefinitionException(subject ?? $"'{definition.DefinitionId}' v{definition.Version}", errors);
        }
    }

    private void CheckActivities(WorkflowDefinition definition, List<string> errors)
    {
        for (var i = 0; i < definition.Activities.Count; i++)
        {
            var activity = definition.Activities[i];
            if (string.IsNullOrWhiteSpace(activity.Id))
            {
                errors.Add($"activity #{i + 1} ('{activity.Name}') has no id");
                continue;
            }

            if (string.IsNullOrWhiteSpace(activity.Type))
            {
                errors.Add($"activity '{activity.Id}' has no type");
                continue;
            }

            if (registry.Find(activity.Type) is not { } implementation)
            {
                errors.Add($"activity '{activity.Id}' has unknown activity type '{activity.Type}'");
                continue;
            }

            errors.AddRange(implementation.ValidateInputs(activity).Select(message => $"activity '{activity.Id}' ({activity.Type}): {message}"));
        }

        foreach (var duplicate in definition.Activities.Where(a => a.Id.Length > 0).GroupBy(a => a.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"activity id '{duplicate.Key}' is used by {duplicate.Count()} activities");
        }
    }

    private static void CheckConnections(WorkflowDefinition definition, HashSet<string> known, List<string> errors)
    {
        foreach (var connection in definition.Connections)
        {
            if (!known.Contains(connection.From))
            {
                errors.Add($"connection {connection} comes from unknown activity '{connection.From}'");
            }

            if (!known.Contains(connection.To))
            {
                errors.Add($"connection {connection} goes to unknown activity '{connection.To}'");
            }
        }

        foreach (var duplicate in definition.Connections.GroupBy(c => (c.From, c.Outcome, c.To)).Where(g => g.Count() > 1))
        {
            errors.Add($"connection {duplicate.First()} is declared {duplicate.Count()} times");
        }
    }

    private static void CheckJoins(WorkflowDefinition definition, List<string> errors)
    {
        foreach (var join in definition.Activities.Where(a => a.Type == ActivityTypes.Join))
        {
            var incoming = definition.IncomingTo(join.Id).Count;
            if (incoming < 2)
            {
                errors.Add($"Join '{join.Id}' has {incoming} incoming connection(s); a join needs at least 2 paths to wait for");
            }
        }
    }

    private static void CheckForks(WorkflowDefinition definition, List<string> errors)
    {
        foreach (var fork in definition.Activities.Where(a => a.Type == ActivityTypes.Fork))
        {
            var branches = definition.OutgoingFrom(fork.Id);
            if (branches.Count == 0)
            {
                errors.Add($"Fork '{fork.Id}' has no outgoing connections");
                continue;
            }

            // Every branch must be able to reach one join they all share, or the join would never see all its tokens.
            HashSet<string>? common = null;
            foreach (var branch in branches)
            {
                var joins = Reachable(definition, branch.To)
                    .Where(id => definition.FindActivity(id)?.Type == ActivityTypes.Join)
                    .ToHashSet(StringComparer.Ordinal);
                if (joins.Count == 0)
                {
                    errors.Add($"Fork '{fork.Id}': branch {branch} cannot reach any Join");
                }

                common = common is null ? joins : common.Intersect(joins, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            }

            if (common is { Count: 0 } && branches.All(b => Reachable(definition, b.To).Any(id => definition.FindActivity(id)?.Type == ActivityTypes.Join)))
            {
                errors.Add($"Fork '{fork.Id}': its branches ({string.Join(", ", branches.Select(b => b.Outcome))}) cannot all reach one common Join");
            }
        }
    }

    private static HashSet<string> Reachable(WorkflowDefinition definition, string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var connection in definition.OutgoingFrom(id))
            {
                if (seen.Add(connection.To))
                {
                    queue.Enqueue(connection.To);
                }
            }
        }

        return seen;
    }
}
