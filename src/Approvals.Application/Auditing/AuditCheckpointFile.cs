using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Approvals.Application.Auditing;

/// <summary>
/// The append-only file of audit checkpoints: one JSON object per line, each line flushed to disk before
/// the write returns. It is an anchor only as far as it is out of reach of whoever could delete audit
/// entries, so operators ship it (and the log, which gets the same line) off the machine.
/// </summary>
public sealed class AuditCheckpointFile(string path)
{
    public const string PathKey = "Approvals:Audit:CheckpointPath";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>
    /// The configured path, or <c>approvals/audit-checkpoints.jsonl</c> in the user's data folder
    /// (~/.local/share on Linux), which the web host and the command line of one installation share.
    /// </summary>
    public static AuditCheckpointFile From(IConfiguration configuration)
    {
        var configured = configuration[PathKey];
        if (!string.IsNullOrWhiteSpace(configured)) return new AuditCheckpointFile(configured);
        var dataFolder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(dataFolder)) dataFolder = AppContext.BaseDirectory;
        return new AuditCheckpointFile(System.IO.Path.Combine(dataFolder, "approvals", "audit-checkpoints.jsonl"));
    }

    public async Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = JsonSerializer.Serialize(checkpoint, Json) + "\n";
        // Exclusive while it writes (the recurring job and `approvals audit checkpoint` may meet here).
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        await using var file = await OpenAsync(options, ct);
        // A write torn by a crash leaves a line without its end; starting a new line keeps the next checkpoint readable.
        if (file.Length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n') line = "\n" + line;
        }
        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        // fsync: a checkpoint the machine loses in a power cut anchors nothing.
        file.Flush(flushToDisk: true);
    }

    /// <summary>Every readable checkpoint of one database, in file order, with its line number.</summary>
    public async Task<AuditCheckpointLog> ReadAsync(string database, CancellationToken ct)
    {
        if (!File.Exists(Path)) return new AuditCheckpointLog(Path, [], 0, [], null);
        var mine = new List<(int Line, AuditCheckpoint Checkpoint)>();
        var unreadable = new List<int>();
        var others = 0;
        try
        {
            var number = 0;
            using var reader = new StreamReader(await OpenAsync(new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite }, ct), Encoding.UTF8);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                AuditCheckpoint? checkpoint;
                try
                {
                    checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
                }
                catch (JsonException)
                {
                    checkpoint = null;
                }
                if (checkpoint is null || string.IsNullOrEmpty(checkpoint.Hash) || checkpoint.Database is null) unreadable.Add(number);
                else if (checkpoint.Database == database) mine.Add((number, checkpoint));
                else others++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AuditCheckpointLog(Path, mine, others, unreadable, e.Message);
        }
        return new AuditCheckpointLog(Path, mine, others, unreadable, null);
    }

    /// <summary>Opens the file, waiting a little while another process holds it for a write.</summary>
    private async Task<FileStream> OpenAsync(FileStreamOptions options, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(Path, options);
            }
            catch (IOException) when (attempt < 50 && File.Exists(Path))
            {
                await Task.Delay(100, ct);
            }
        }
    }
}

/// <param name="Checkpoints">This database's checkpoints with their line numbers, in file order.</param>
/// <param name="OtherDatabases">Lines about other databases, which do not concern this chain.</param>
/// <param name="UnreadableLines">Line numbers that are not checkpoints (torn or edited).</param>
/// <param name="ReadError">Why the file could not be read to the end, if it could not.</param>
public sealed record AuditCheckpointLog(
    string Path, IReadOnlyList<(int Line, AuditCheckpoint Checkpoint)> Checkpoints, int OtherDatabases, IReadOnlyList<int> UnreadableLines, string? ReadError)
{
    /// <summary>The last one written.</summary>
    public (int Line, AuditCheckpoint Checkpoint)? Latest => Checkpoints.Count == 0 ? null : Checkpoints[^1];
}
