using System.CommandLine;
using Approvals.Cli.Commands;

// The `approvals` command: one tool for operating the system (database, demo data, audit, …).
var root = new RootCommand("Approvals: joint pre-approval of land, mineral, forest and grassland use (用地用矿用林用草预审协同办理).");
root.Subcommands.Add(DatabaseCommands.Migrate());
root.Subcommands.Add(DemoCommands.SeedDemo());
root.Subcommands.Add(AuditCommands.Audit());
root.Subcommands.Add(BackupCommands.Backup());
root.Subcommands.Add(BackupCommands.Restore());
root.Subcommands.Add(BaseMapCommands.BaseMap());
root.Subcommands.Add(JurisdictionCommands.Jurisdictions());
root.Subcommands.Add(CheckCommands.Check());
root.Subcommands.Add(RecheckCommands.Recheck());
var bench = BenchCommands.Bench();
bench.Subcommands.Add(WorkflowBenchmark.Command());
bench.Subcommands.Add(InboxBenchmark.Command());
bench.Subcommands.Add(ConflictBenchmark.Command());
bench.Subcommands.Add(DashboardBenchmark.Command());
bench.Subcommands.Add(LoadBenchmark.Command());
bench.Subcommands.Add(TileBenchmark.Command());
bench.Subcommands.Add(RecheckBenchmark.Command());
bench.Subcommands.Add(AvoidanceBenchmark.Command());
root.Subcommands.Add(bench);
return await root.Parse(args).InvokeAsync();
