using System.Reflection;
using System.Runtime.CompilerServices;
using Approvals.Application;
using Approvals.Application.Auditing.VerifyAuditChain;
using Approvals.Application.Behaviours;
using Approvals.Application.Errors;
using Approvals.Application.Identity;
using Approvals.Application.Jurisdictions.ListJurisdictions;
using Approvals.Domain.Jurisdictions;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Security;

/// <summary>
/// Who may send a command is declared on the command ([RequiresRole]) and enforced once, before its handler,
/// for every command and query alike.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class RoleRequirementTests(ApprovalsApp app)
{
    private const string Staff = "clerk reviewer supervisor administrator";

    /// <summary>The role requirements that the handlers used to check themselves, and who passes each ("system" for the system itself).</summary>
    private static readonly Dictionary<string, string> Required = new()
    {
        ["CreateStaffUserCommand"] = "administrator system",
        ["WriteAuditCheckpointCommand"] = "administrator system",
        ["VerifyAuditChainQuery"] = "administrator system",
        ["GetJurisdictionStaffQuery"] = Staff + " system",
        ["PurgeAdHocSpatialChecksCommand"] = "administrator system",
        ["ImportBaseMapLayerCommand"] = "administrator system",
        ["GenerateBaseMapsCommand"] = "administrator system",
        ["PublishWorkflowDefinitionCommand"] = "administrator system",
        ["GetMyMembershipQuery"] = "applicant",
        ["AcceptInvitationCommand"] = "applicant",
        ["ExtendCaseCommand"] = "supervisor administrator",
        ["WithdrawCaseCommand"] = "applicant",
        ["AddCaseNoteCommand"] = Staff,
        // Base-map data is controlled: staff only (the system for the benchmark); cases go by the case access rule.
        ["GetBaseMapTileQuery"] = Staff + " system",
        ["GetCaseTileQuery"] = "applicant " + Staff,
        // The administration console: supervisors may look at staff and layers, only administrators change them.
        ["ListStaffQuery"] = "supervisor administrator system",
        ["DisableStaffUserCommand"] = "administrator system",
        ["EnableStaffUserCommand"] = "administrator system",
        ["ResetStaffPasswordCommand"] = "administrator system",
        ["ImportStaffCommand"] = "administrator system",
        ["ListBaseMapLayerVersionsQuery"] = "supervisor administrator system",
        ["RollBackBaseMapLayerCommand"] = "administrator system",
    };

    private static IEnumerable<(string Name, Actor Actor)> Everyone() =>
        Roles.All.Select(role => (role, new Actor(Guid.NewGuid(), $"someone-{role}", role, "140525", JurisdictionLevel.County, null, role == Roles.Applicant ? Guid.NewGuid() : null)))
            .Append(("system", Actor.System("test")))
            .Append(("anonymous", Actor.Anonymous));

    private static IEnumerable<Type> Messages() =>
        typeof(ApplicationServices).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IMessage).IsAssignableFrom(t));

    [Fact]
    public void Every_command_whose_handler_required_a_role_still_declares_it()
    {
        var declared = Messages().Where(t => t.GetCustomAttribute<RequiresRoleAttribute>() is not null).Select(t => t.Name).ToHashSet();
        Assert.Empty(Required.Keys.Except(declared));
    }

    [Fact]
    public async Task Every_command_that_requires_a_role_refuses_every_other_role_before_its_handler_runs()
    {
        foreach (var type in Messages().Where(t => t.GetCustomAttribute<RequiresRoleAttribute>() is not null))
        {
            var allowed = Required.TryGetValue(type.Name, out var names) ? names.Split(' ') : null;
            foreach (var (name, actor) in Everyone())
            {
                var passed = await PassesRoleBehaviourAsync(type, actor);
                if (allowed is not null)
                    Assert.True(passed == allowed.Contains(name), $"{type.Name} sent by {name}: {(passed ? "let through" : "refused")}");
                else if (!passed)
                    Assert.False(actor.IsSystem && type.GetCustomAttribute<RequiresRoleAttribute>()!.OrSystem, $"{type.Name} refused the system");
            }
        }
    }

    [Fact]
    public async Task A_command_without_a_role_requirement_is_refused_to_no_one_by_the_role_check()
    {
        foreach (var type in Messages().Where(t => t.GetCustomAttribute<RequiresRoleAttribute>() is null))
            foreach (var (name, actor) in Everyone())
                Assert.True(await PassesRoleBehaviourAsync(type, actor), $"{type.Name} sent by {name}");

        // Through the real pipeline as well: anyone signed in may list jurisdictions (the API asks anonymous callers to sign in first).
        foreach (var (_, actor) in Everyone().Where(e => e.Name != "anonymous"))
            await SendAsync(new ListJurisdictionsQuery(), actor);
    }

    [Fact]
    public async Task The_role_requirement_holds_through_the_mediator_as_the_host_sends_commands()
    {
        var reviewer = Everyone().Single(e => e.Name == Roles.Reviewer).Actor;
        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new VerifyAuditChainQuery(), reviewer));
        Assert.Contains("只有系统管理员可以校验审计链", refusal.Message);

        var administrator = Everyone().Single(e => e.Name == Roles.Administrator).Actor;
        Assert.Null((await SendAsync(new VerifyAuditChainQuery(), administrator)).FirstBrokenSequence);
    }

    private async Task<T> SendAsync<T>(IQuery<T> query, Actor actor)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = actor;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>Whether <see cref="RoleBehaviour{TMessage, TResponse}"/> lets <paramref name="actor"/> send a <paramref name="type"/> on to its handler.</summary>
    private static Task<bool> PassesRoleBehaviourAsync(Type type, Actor actor)
    {
        var response = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d
                && (d == typeof(ICommand<>) || d == typeof(IQuery<>) || d == typeof(IRequest<>)))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault() ?? typeof(Unit);
        return (Task<bool>)typeof(RoleRequirementTests).GetMethod(nameof(PassesAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type, response).Invoke(null, [actor])!;
    }

    private static async Task<bool> PassesAsync<TMessage, TResponse>(Actor actor) where TMessage : IMessage
    {
        var behaviour = new RoleBehaviour<TMessage, TResponse>(new ActorAccessor { Current = actor });
        var reached = false;
        try
        {
            // The role check reads only the message's type, never its fields: an empty one will do.
            await behaviour.Handle((TMessage)RuntimeHelpers.GetUninitializedObject(typeof(TMessage)), (_, _) =>
            {
                reached = true;
                return ValueTask.FromResult(default(TResponse)!);
            }, CancellationToken.None);
        }
        catch (ForbiddenException)
        {
            Assert.False(reached);
        }
        return reached;
    }
}
