namespace Approvals.Application.Identity;

/// <summary>
/// Holds the actor of the current scope (an HTTP request, a command-line run, a background job).
/// The host sets it once at the start of the scope; everything else reads it.
/// </summary>
public sealed class ActorAccessor
{
    private Actor? _actor;

    public Actor Current
    {
        get => _actor ?? Actor.Anonymous;
        set => _actor = value;
    }
}
