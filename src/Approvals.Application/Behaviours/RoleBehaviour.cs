using System.Reflection;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Mediator;

namespace Approvals.Application.Behaviours;

/// <summary>
/// Refuses a command or query marked <see cref="RequiresRoleAttribute"/> to anyone outside its roles, so a handler
/// never writes a plain role check of its own.
/// </summary>
public sealed class RoleBehaviour<TMessage, TResponse>(ActorAccessor actor) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    // Read once per message type.
    private static readonly RequiresRoleAttribute? Requirement = typeof(TMessage).GetCustomAttribute<RequiresRoleAttribute>();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (Requirement is { } required && !required.Allows(actor.Current))
            throw new ForbiddenException(Bilingual.Text(required.RefusalZh, required.RefusalEn));
        return next(message, cancellationToken);
    }
}
