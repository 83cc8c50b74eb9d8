using System.Text.Json;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows;
using Approvals.Workflows;
using Approvals.Workflows.Definitions;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace Approvals.Application.WorkflowDefinitions.PublishWorkflowDefinition;

/// <summary>
/// An administrator publishes a new version of a workflow definition. New cases start on it; cases
/// already running finish on the version they started with.
/// </summary>
[RequiresRole(Roles.Administrator, OrSystem = true, RefusalZh = "只有系统管理员可以发布流程定义", RefusalEn = "Only administrators publish workflow definitions")]
public sealed record PublishWorkflowDefinitionCommand(JsonElement Definition) : ICommand<PublishedDefinition>;

public sealed record PublishedDefinition(string DefinitionId, int Version, bool New);

public sealed class PublishWorkflowDefinitionHandler(ApprovalsDbContext db, PublishedWorkflows published)
    : ICommandHandler<PublishWorkflowDefinitionCommand, PublishedDefinition>
{
    public async ValueTask<PublishedDefinition> Handle(PublishWorkflowDefinitionCommand command, CancellationToken ct)
    {
        try
        {
            var definition = WorkflowDefinitionJson.Parse(command.Definition.GetRawText(), "the request");
            var isNew = await published.PublishAsync(db, definition, $"'{definition.DefinitionId}' v{definition.Version}", ct);
            return new PublishedDefinition(definition.DefinitionId, definition.Version, isNew);
        }
        catch (InvalidWorkflowDefinitionException e)
        {
            throw new ValidationException(e.Errors.Select(message => new ValidationFailure("definition", message)));
        }
        catch (WorkflowException e)
        {
            throw new ConflictException(e.Message);
        }
    }
}
