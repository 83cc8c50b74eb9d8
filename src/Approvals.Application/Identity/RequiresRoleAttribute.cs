namespace Approvals.Application.Identity;

/// <summary>
/// Only a signed-in user in one of <see cref="Roles"/> (and, with <see cref="OrSystem"/>, the system itself: command
/// line, background jobs) may send this command or query; anyone else gets a <see cref="Errors.ForbiddenException"/>
/// saying <see cref="RefusalZh"/> / <see cref="RefusalEn"/> before the handler runs (see
/// <see cref="Behaviours.RoleBehaviour{TMessage, TResponse}"/>). Rules that depend on the data (the case's
/// jurisdiction, the organisation) stay in the handler.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
    public bool OrSystem { get; init; }
    public required string RefusalZh { get; init; }
    public required string RefusalEn { get; init; }

    public bool Allows(Actor actor) =>
        (OrSystem && actor.IsSystem) || (actor.IsAuthenticated && actor.Role is { } role && Roles.Contains(role));
}
