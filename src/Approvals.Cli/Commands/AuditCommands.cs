using System.CommandLine;
using Approvals.Application.Auditing.VerifyAuditChain;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

internal static class AuditCommands
{
    public static Command Audit()
    {
        var verify = new Command("verify", "Checks the audit trail's hash chain; names the first broken entry and exits 1 if there is one.");
        verify.SetAction((_, ct) => CliHost.RunAsync("audit-verify", async (services, token) =>
        {
            var result = await services.GetRequiredService<IMediator>().Send(new VerifyAuditChainQuery(), token);
            if (result.IsIntact)
            {
                Console.WriteLine($"The audit chain is intact ({result.EntriesChecked} entries).");
                return 0;
            }
            Console.Error.WriteLine($"The audit chain is broken at entry {result.FirstBrokenSequence}: {result.Problem}. {result.EntriesChecked} entries before it are intact.");
            return 1;
        }, ct));
        return new Command("audit", "The audit trail.") { verify };
    }
}
