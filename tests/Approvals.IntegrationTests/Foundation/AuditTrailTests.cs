using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.IntegrationTests.Infrastructure;
using Npgsql;

namespace Approvals.IntegrationTests.Foundation;

[Collection(ApprovalsCollection.Name)]
public sealed class AuditTrailTests(ApprovalsApp app)
{
    [Fact]
    public async Task A_state_change_is_audited_with_who_and_what_in_an_intact_chain()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applicants", new
        {
            organisationName = "高平市示范煤业有限公司", creditCode = "91140500MA0K00001U", displayName = "赵工",
            email = "zhao@gaoping-coal.cn", phone = "13812345678", password = "Coalmine2026",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var entries = await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE entity_type = 'ApprovalsUser' AND action = 'Added' AND after LIKE '%zhao@gaoping-coal.cn%'");
        Assert.Equal(1, entries);
        var secretsLeaked = await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE after LIKE '%PasswordHash%'");
        Assert.Equal(0, secretsLeaked);

        var admin = await app.SignedInAs("admin");
        var verification = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verification");
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_audit_entries()
    {
        var update = await Assert.ThrowsAsync<PostgresException>(() => app.Database.ExecuteAsync("UPDATE audit_entries SET actor_name = 'someone else'"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => app.Database.ExecuteAsync("DELETE FROM audit_entries"));
    }

    [Fact]
    public async Task Only_administrators_may_verify_the_chain()
    {
        var supervisor = await app.SignedInAs("shanxi.supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/audit/verification")).StatusCode);
    }
}

/// <summary>
/// Tampering needs a database of its own (it breaks the chain for everything after it); the chain is
/// written by `approvals seed-demo` and checked by `approvals audit verify`, as an operator would.
/// </summary>
public sealed class AuditTamperingTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Audit_verify_names_the_first_entry_changed_behind_the_applications_back()
    {
        var seeded = await CommandLine.RunAsync("seed-demo", database.ConnectionString);
        Assert.Equal(0, seeded.ExitCode);
        var intact = await CommandLine.RunAsync("audit verify", database.ConnectionString);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact", intact.Output);

        var count = await database.ScalarAsync<long>("SELECT count(*) FROM audit_entries");
        Assert.True(count > 10);
        // Someone with the table owner's rights switches the guard off and edits an entry.
        var tampered = count / 2;
        await database.ExecuteAsync($"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            UPDATE audit_entries SET actor_name = 'nobody' WHERE sequence = {tampered};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """);

        var broken = await CommandLine.RunAsync("audit verify", database.ConnectionString);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"broken at entry {tampered}:", broken.Error);
        Assert.Contains($"{tampered - 1} entries before it are intact", broken.Error);
    }
}
