namespace Approvals.Application.Dashboard;

/// <summary>
/// Percentiles of whole numbers of days given as a histogram (value, how many), by linear interpolation
/// between the closest ranks, as PostgreSQL's percentile_cont and Excel's PERCENTILE.INC compute them:
/// the median of 1, 2, 3, 4 is 2.5 and its 90th percentile 3.7.
/// </summary>
public static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> percentile (0.5 = median), rounded to one decimal; null when there are no values.</summary>
    public static double? Of(IEnumerable<(int Value, int Count)> histogram, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var sorted = histogram.Where(h => h.Count > 0).OrderBy(h => h.Value).ToList();
        long n = sorted.Sum(h => (long)h.Count);
        if (n == 0) return null;
        var position = fraction * (n - 1);
        var lower = (long)Math.Floor(position);
        var lowerValue = ValueAtRank(sorted, lower);
        var upperValue = ValueAtRank(sorted, Math.Min(lower + 1, n - 1));
        return Math.Round(lowerValue + (position - lower) * (upperValue - lowerValue), 1);
    }

    /// <summary>The percentile of a plain list of values.</summary>
    public static double? Of(IEnumerable<int> values, double fraction) => Of(values.GroupBy(v => v).Select(g => (g.Key, g.Count())), fraction);

    private static int ValueAtRank(List<(int Value, int Count)> sorted, long rank)
    {
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (rank < seen) return value;
        }
        return sorted[^1].Value;
    }
}
