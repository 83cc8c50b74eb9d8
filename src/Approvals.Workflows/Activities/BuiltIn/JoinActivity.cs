using Approvals.Workflows.Definitions;

namespace Approvals.Workflows.Activities.BuiltIn;

/// <summary>
/// Waits for the branches that the matching fork actually activated, then continues with <c>Done</c>.
/// The runner does the bookkeeping: every token carries the fork scopes it was created under, each scope
/// records how many branches its fork activated, and the join completes when that many tokens of the
/// token's innermost scope have arrived. Counting incoming connections instead would be wrong twice over:
/// a fork that activates 2 of its 4 branches would leave the join waiting forever for the other 2, and a
/// correction loop re-entering a branch adds connections that are not branches at all.
/// A token that arrives outside any fork scope (e.g. after a decision merge) passes straight through.
/// </summary>
public sealed class JoinActivity : IActivity
{
    /// <inheritdoc />
    public string Type => ActivityTypes.Join;

    /// <inheritdoc />
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult<ActivityResult>(ActivityResult.Join());
}
