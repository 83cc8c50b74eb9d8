using Mediator;
using Approvals.Application.Behaviours;
using Approvals.Application.Dashboard;
using Approvals.Application.Identity;
using Approvals.Application.Notifications;
using Approvals.Application.Workflows;
using Approvals.Application.Workflows.Activities;
using Approvals.Application.Workflows.Jobs;
using Approvals.Workflows.Activities;
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
            // Outermost first: background work is dispatched after the validated command has committed; the role is
            // checked after validation, where the handlers checked it before (bad input is a 400 for anyone).
            options.PipelineBehaviors = [typeof(OutboxDispatchBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(RoleBehaviour<,>)];
        });
        services.AddValidatorsFromAssemblyContaining(typeof(ApplicationServices), ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<ActorAccessor>();
        services.AddDashboardPanels();

        services.AddSingleton(ActivityRegistry.WithBuiltIns()
            .Register(new CaseTaskActivity())
            .Register(new SpatialCheckActivity())
            .Register(new RouteCaseActivity())
            .Register(new ConsolidateReviewActivity())
            .Register(new ForwardCaseActivity())
            .Register(new IssueDecisionActivity()));
        services.AddSingleton<PublishedWorkflows>();
        services.AddScoped<WorkflowHost>();
        services.AddScoped<Outbox>();
        services.AddScoped<TaskDeadlineSweep>();
        services.AddScoped<NotificationPost>();
        services.AddScoped<EmailDeliveryWork>();
        services.AddScoped<BaseMaps.BaseMapImportWork>();
        services.AddScoped<Cases.CaseReadAudit>();
        services.AddTransient<OutboxWork>();
        return services;
    }
}
