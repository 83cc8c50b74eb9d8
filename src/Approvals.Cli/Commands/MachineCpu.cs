using System.Globalization;

namespace Approvals.Cli.Commands;

/// <summary>
/// CPU seconds the whole machine has been busy (all cores, from /proc/stat), so a benchmark can
/// tell the application's share of the work from the database's. Zero where /proc/stat is absent.
/// </summary>
internal static class MachineCpu
{
    public static double Read()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path)) return 0;
        var cpu = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
        var ticks = cpu.Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = ticks.Sum() - ticks[3] - (ticks.Length > 4 ? ticks[4] : 0);
        // Linux reports in USER_HZ, 100 per second on every platform .NET runs on.
        return busy / 100.0;
    }
}
