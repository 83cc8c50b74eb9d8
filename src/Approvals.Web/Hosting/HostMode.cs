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
        // The rule (all, web or worker; unset is all) is ApprovalsOptions'; this only names it as an enum.
        return Enum.Parse<HostMode>(Application.Configuration.ApprovalsOptions.ReadMode(configuration), ignoreCase: true);
    }

    public static bool ServesWeb(this HostMode mode) => mode is HostMode.All or HostMode.Web;
    public static bool RunsBackgroundWork(this HostMode mode) => mode is HostMode.All or HostMode.Worker;
}
