using Approvals.Application.Jurisdictions;
using Approvals.Application.Identity;
using Approvals.Domain.Routing;
using Approvals.Application.Persistence;
using Approvals.Application.Workflows.Activities;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Application.Localization;
using Approvals.Application.Rules;
using Approvals.Application.Workflows;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.DemoData.SeedDemoData;

/// <summary>
/// Creates the demo logins for every role and level: a window clerk and one reviewer per department
/// in each demo county, reviewers and a supervisor in each city and at the province (and a supervisor
/// per county), an applicant and an administrator. Running it again changes nothing.
/// With <paramref name="Cases"/> above 0 it also generates that many cases of history (the last twelve
/// months, every stage, deterministic for a <paramref name="Seed"/>) into an empty case table.
/// </summary>
public sealed record SeedDemoDataCommand(string Password, int Cases = 0, int Seed = 2026) : ICommand<DemoSeed>;

public sealed record DemoSeed(IReadOnlyList<DemoLogin> Logins, CaseHistorySummary? History);

public sealed class SeedDemoDataValidator : AbstractValidator<SeedDemoDataCommand>
{
    public SeedDemoDataValidator()
    {
        RuleFor(c => c.Password).NotEmpty();
        RuleFor(c => c.Cases).InclusiveBetween(0, 5_000_000)
            .WithMessage(_ => Bilingual.Text("案件数须在 0 到 5,000,000 之间", "The number of cases must be between 0 and 5,000,000"));
    }
}

public sealed record DemoLogin(string UserName, string Role, string DisplayName, string? JurisdictionCode, string? Department);

public sealed class SeedDemoDataHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock,
    ProvinceRules rules, PublishedWorkflows published, IConfiguration configuration)
    : ICommandHandler<SeedDemoDataCommand, DemoSeed>
{
    /// <summary>Short Latin names for the demo jurisdictions, used in the login names.</summary>
    private static readonly Dictionary<string, string> LoginPrefixes = new()
    {
        ["140000"] = "shanxi", ["140500"] = "jincheng", ["140525"] = "zezhou", ["140522"] = "yangcheng",
        ["140581"] = "gaoping", ["140100"] = "taiyuan", ["140121"] = "qingxu", ["140122"] = "yangqu",
    };

    public async ValueTask<DemoSeed> Handle(SeedDemoDataCommand command, CancellationToken ct)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Ensure(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }), role);

        var logins = new List<DemoLogin>();
        var jurisdictions = await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(ct);
        foreach (var j in jurisdictions.Where(j => LoginPrefixes.ContainsKey(j.Code)))
        {
            var prefix = LoginPrefixes[j.Code];
            // Every post has a second holder (the B post of the 岗位AB角 rule, "<name>2"): a task can be handed on
            // (reassignment) and a claimed task is visibly someone's, as in a real office.
            if (j.Level == JurisdictionLevel.County)
            {
                logins.Add(await EnsureUser($"{prefix}.clerk", Roles.Clerk, $"{j.Name}受理窗口", j.Code, null, null, command.Password));
                logins.Add(await EnsureUser($"{prefix}.clerk2", Roles.Clerk, $"{j.Name}受理窗口（B角）", j.Code, null, null, command.Password));
            }
            foreach (var department in Enum.GetValues<Department>())
            {
                var login = $"{prefix}.{department.ToString().ToLowerInvariant()}";
                logins.Add(await EnsureUser(login, Roles.Reviewer, $"{j.Name}{Wording.Zh(department)}审查员", j.Code, department, null, command.Password));
                logins.Add(await EnsureUser(login + "2", Roles.Reviewer, $"{j.Name}{Wording.Zh(department)}审查员（B角）", j.Code, department, null, command.Password));
            }
            logins.Add(await EnsureUser($"{prefix}.supervisor", Roles.Supervisor, $"{j.Name}督办", j.Code, null, null, command.Password));
        }

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.CreditCode == DemoOrganisation.CreditCode, ct);
        if (organisation is null)
        {
            organisation = new Organisation { Id = Guid.CreateVersion7(), Name = DemoOrganisation.Name, CreditCode = DemoOrganisation.CreditCode, CreatedAt = clock.GetUtcNow() };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(ct);
        }
        logins.Add(await EnsureUser("applicant", Roles.Applicant, "王建设（晋城示范能源有限公司）", null, null, organisation.Id, command.Password));
        logins.Add(await EnsureUser("admin", Roles.Administrator, "系统管理员", null, null, null, command.Password));
        await EnsureOutlinesAsync(ct);
        if (command.Cases == 0) return new DemoSeed(logins, null);
        var history = await new CaseHistoryGenerator(db, rules, published, clock, BaseMaps.BaseMapStorage.StorageSrid(configuration))
            .GenerateAsync(command.Cases, command.Seed, ct);
        return new DemoSeed(logins, history);
    }

    /// <summary>The demo's synthetic county and city outlines, where no outline was imported for the code.</summary>
    private async Task EnsureOutlinesAsync(CancellationToken ct)
    {
        var present = await db.Set<JurisdictionOutline>().Select(o => o.Code).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var missing = DemoProvince.Outlines(BaseMaps.BaseMapStorage.StorageSrid(configuration)).Where(o => !present.Contains(o.Code)).ToList();
        if (missing.Count == 0) return;
        db.AddRange(missing.Select(o => new JurisdictionOutline { Code = o.Code, Geometry = o.Geometry, Source = "demo", ImportedAt = now }));
        await db.SaveChangesAsync(ct);
    }

    private async Task<DemoLogin> EnsureUser(string userName, string role, string displayName, string? jurisdiction, Department? department, Guid? organisationId, string password)
    {
        if (await users.FindByNameAsync(userName) is null)
        {
            var user = new ApprovalsUser
            {
                Id = Guid.CreateVersion7(), UserName = userName, Email = $"{userName}@demo.approvals.local", EmailConfirmed = true,
                DisplayName = displayName, JurisdictionCode = jurisdiction, Department = department,
                OrganisationId = organisationId, CreatedAt = clock.GetUtcNow(),
            };
            Ensure(await users.CreateAsync(user, password), userName);
            Ensure(await users.AddToRoleAsync(user, role), userName);
        }
        return new DemoLogin(userName, role, displayName, jurisdiction, department?.ToString());
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo data: could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>The demo applicant's organisation; its credit code carries a valid check character.</summary>
public static class DemoOrganisation
{
    public const string Name = "晋城示范能源有限公司";
    public const string CreditCode = "91140500MA0K00001U";
}
