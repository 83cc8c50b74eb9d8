namespace Approvals.Web.Hosting;

/// <summary>
/// What one node does: serve the web site and API, run background work (Hangfire server), or both.
/// Several web nodes and worker nodes may share one database (see deploy/).
/// </summary>
public enum HostMode
{
    All,
    Web,
    Worker,
}

public static class HostModes
{
    public static HostMode From(IConfiguration configuration)
    {
        var value = configuration["Approvals:Mode"];
        if (string.IsNullOrWhiteSpace(value)) return HostMode.All;
        return Enum.TryParse<HostMode>(value, ignoreCase: true, out var mode)
            ? mode
            : throw new InvalidOperationException($"Approvals:Mode must be all, web or worker, not \"{value}\".");
    }

    public static bool ServesWeb(this HostMode mode) => mode is HostMode.All or HostMode.Web;
    public static bool RunsBackgroundWork(this HostMode mode) => mode is HostMode.All or HostMode.Worker;
}
