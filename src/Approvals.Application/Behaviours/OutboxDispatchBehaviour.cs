using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Mediator;

namespace Approvals.Application.Behaviours;

/// <summary>
/// After a command has committed, hands the background work it wrote to the job system at once
/// (the periodic sweep catches whatever a crash leaves behind).
/// </summary>
public sealed class OutboxDispatchBehaviour<TMessage, TResponse>(Outbox outbox, ApprovalsDbContext db) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        // A command sent inside another's transaction has not committed yet: the outer one dispatches.
        if (outbox.HasPending && db.Database.CurrentTransaction is null) await outbox.DispatchAsync(cancellationToken);
        return response;
    }
}
