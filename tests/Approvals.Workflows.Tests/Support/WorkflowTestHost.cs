using System.Text.Json.Nodes;
using Approvals.Workflows.Activities;
using Approvals.Workflows.Definitions;
using Approvals.Workflows.Runtime;

namespace Approvals.Workflows.Tests.Support;

/// <summary>What a host wires up: registry (built-ins + test activities), catalog, clock and runner.</summary>
public sealed class WorkflowTestHost
{
    public static readonly DateTimeOffset StartTime = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public WorkflowTestHost(int maxExecutions = 1000, IServiceProvider? services = null)
    {
        Registry = ActivityRegistry.WithBuiltIns()
            .Register(new TestTaskActivity())
            .Register(new CounterActivity())
            .Register(new ThrowingActivity())
            .Register(new GreetingActivity());
        Catalog = new WorkflowDefinitionCatalog(Registry);
        Runner = new WorkflowRunner(Catalog, Registry, Clock, services ?? new NoServices(), new WorkflowRunnerOptions { MaxActivityExecutionsPerRun = maxExecutions });
    }

    public FakeClock Clock { get; } = new(StartTime);

    public ActivityRegistry Registry { get; }

    public WorkflowDefinitionCatalog Catalog { get; }

    public WorkflowRunner Runner { get; }

    public WorkflowDefinition Publish(string json)
    {
        var definition = WorkflowDefinitionJson.Parse(json);
        Catalog.Publish(definition);
        return definition;
    }

    public Task<WorkflowRunResult> StartAsync(string definitionId, JsonObject? input = null) =>
        Runner.StartAsync(definitionId, null, input ?? new JsonObject(), "applicant-1");

    public Task<WorkflowRunResult> ResumeAsync(WorkflowRunResult previous, Bookmark bookmark, JsonNode? input, string actor = "officer-1") =>
        Runner.ResumeAsync(previous.State, bookmark.Id, input, actor);

    /// <summary>Resumes the only open HumanTask bookmark at the given activity.</summary>
    public Task<WorkflowRunResult> CompleteTaskAsync(WorkflowRunResult previous, string activityId, string outcome, JsonObject? variables = null)
    {
        var bookmark = Assert.Single(previous.State.Bookmarks, b => b.ActivityId == activityId && b.Kind == BookmarkKind.HumanTask);
        var input = new JsonObject { ["outcome"] = outcome };
        if (variables is not null)
        {
            input["variables"] = variables;
        }

        return Runner.ResumeAsync(previous.State, bookmark.Id, input, "officer-1");
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
