using System.CommandLine;
using Approvals.Application.Auditing.VerifyAuditChain;
using Approvals.Application.Auditing.WriteAuditCheckpoint;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Cli.Commands;

internal static class AuditCommands
{
    public static Command Audit() => new("audit", "The audit trail.") { Verify(), Checkpoint() };

    private static Command Verify()
    {
        var checkpoints = new Option<FileInfo?>("--checkpoints")
        {
            Description = "Compare with this checkpoint file (e.g. the copy shipped off the machine) instead of Approvals:Audit:CheckpointPath.",
        };
        var verify = new Command("verify",
            "Checks the audit trail's hash chain and compares it with the checkpoints of its head; names the first broken entry or the checkpoint the chain no longer matches, and exits 1.")
        {
            checkpoints,
        };
        verify.SetAction((parse, ct) => CliHost.RunAsync("audit-verify", async (services, token) =>
        {
            var result = await services.GetRequiredService<IMediator>().Send(new VerifyAuditChainQuery(parse.GetValue(checkpoints)?.FullName), token);
            foreach (var note in result.Notes) Console.Error.WriteLine(note);
            if (result.FirstBrokenSequence is not null)
            {
                Console.Error.WriteLine($"The audit chain is broken at entry {result.FirstBrokenSequence}: {result.Problem}. {result.EntriesChecked} entries before it are intact.");
                return 1;
            }
            if (result.CheckpointMismatch is { } mismatch)
            {
                var others = mismatch.Mismatching > 1 ? $" ({mismatch.Mismatching} checkpoints do not match; this is the earliest)" : "";
                Console.Error.WriteLine(
                    $"The audit chain does not match the checkpoint on line {mismatch.Line} of {result.CheckpointPath} ({mismatch.Checkpoint}): " +
                    $"{mismatch.Problem}{others}.");
                return 1;
            }
            Console.WriteLine(result.LatestCheckpoint is { } latest
                ? $"The audit chain is intact ({result.EntriesChecked} entries) and matches the {result.CheckpointsCompared} checkpoint(s) in {result.CheckpointPath} (latest: {latest})."
                : $"The audit chain is intact ({result.EntriesChecked} entries). No checkpoint of this database in {result.CheckpointPath} yet to compare with (`approvals audit checkpoint` writes one; a worker node writes them every few minutes).");
            return 0;
        }, ct));
        return verify;
    }

    private static Command Checkpoint()
    {
        var checkpoint = new Command("checkpoint",
            "Writes a checkpoint of the audit chain's head (entries, newest entry and its hash) to the checkpoint file and the log.");
        checkpoint.SetAction((_, ct) => CliHost.RunAsync("audit-checkpoint", async (services, token) =>
        {
            var result = await services.GetRequiredService<IMediator>().Send(new WriteAuditCheckpointCommand(OnlyWhenMoved: false), token);
            Console.WriteLine($"Checkpoint written to {result.Path}: {result.Head}.");
            return 0;
        }, ct));
        return checkpoint;
    }
}
