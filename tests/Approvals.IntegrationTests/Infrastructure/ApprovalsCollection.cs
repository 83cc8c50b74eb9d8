namespace Approvals.IntegrationTests.Infrastructure;

/// <summary>
/// The tests that talk to the web host share one host and database. Hangfire keeps process-wide state
/// (its job activator and storage), so two hosts in one test process would run each other's jobs; each
/// test still creates the data it needs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApprovalsCollection : ICollectionFixture<ApprovalsApp>
{
    public const string Name = "web host";
}
