using System.Globalization;

namespace Approvals.Application.Dashboard;

/// <summary>How the dashboard's tables write dates and shares, the same in the page, the CSV and the JSON.</summary>
public static class DashboardFormat
{
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A share in per cent with one decimal, or null of nothing.</summary>
    public static double? Share(int part, int whole) => whole == 0 ? null : Math.Round(part * 100.0 / whole, 1);
}
