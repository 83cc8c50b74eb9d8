using Mediator;
using Approvals.Application.Behaviours;
using Approvals.Application.Identity;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Application;

public static class ApplicationServices
{
    /// <summary>Registers the use cases (Mediator handlers), their validators and the pipeline.</summary>
    public static IServiceCollection AddApprovalsApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(ApplicationServices)];
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssemblyContaining(typeof(ApplicationServices), ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<ActorAccessor>();
        return services;
    }
}
