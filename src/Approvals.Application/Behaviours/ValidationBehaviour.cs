using FluentValidation;
using Mediator;

namespace Approvals.Application.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of a command or query before its handler, so no handler
/// ever sees input that breaks its rules. Failures surface as one <see cref="ValidationException"/>
/// listing every field's problems (the web host turns it into a 400 problem).
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0) throw new ValidationException(failures);
        return await next(message, cancellationToken);
    }
}
