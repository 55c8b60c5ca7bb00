namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// The time bins of "requests over time", chosen from the trace's span: the shortest calendar-like width (hour,
/// 6 hours, day, week, 30 days, 91 days, 365 days) that gives at most <see cref="MaxBins"/> bins, aligned to
/// the epoch (days start at 00:00 UTC). Unix-day timestamps use the same widths in days; timestamps of another
/// kind (file positions, none) get a round width giving about 50 bins.
/// </summary>
internal static class TimeBins
{
    public const int MaxBins = 120;

    private static readonly (long Seconds, string Name)[] Widths =
    [
        (3600, "hour"), (6 * 3600, "6 hours"), (86400, "day"), (7 * 86400, "week"), (30 * 86400, "30 days"),
        (91 * 86400, "91 days"), (365 * 86400, "365 days"),
    ];

    public static (long Start, long Width, int Count, string Name) Choose(long first, long last, string kind)
    {
        long span = last - first;
        if (kind is "unix-seconds" or "unix-days")
        {
            long unit = kind == "unix-days" ? 86400 : 1;
            foreach (var (seconds, name) in Widths)
            {
                if (seconds % unit != 0) continue;
                long width = seconds / unit;
                var bins = Bins(first, last, width);
                if (bins.Count <= MaxBins) return (bins.Start, width, bins.Count, name);
            }
            long years = 365 * 86400 / unit;
            long w = years * (long)Math.Ceiling((span + 1.0) / years / MaxBins);
            var b = Bins(first, last, w);
            return (b.Start, w, b.Count, $"{w / years * 365} days");
        }
        long round = NiceWidth(Math.Max(1, (span + 1) / 50.0));
        var r = Bins(first, last, round);
        return (r.Start, round, r.Count, round.ToString(System.Globalization.CultureInfo.InvariantCulture) + " units");
    }

    private static (long Start, int Count) Bins(long first, long last, long width)
    {
        long start = Math.DivRem(first, width, out long rem) * width - (rem < 0 ? width : 0);
        long count = (last - start) / width + 1;
        return (start, (int)Math.Min(count, int.MaxValue));
    }

    /// <summary>The smallest 1, 2 or 5 × 10^k at least <paramref name="value"/>.</summary>
    private static long NiceWidth(double value)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 5, 10 })
            if (m * p >= value) return Math.Max(1, (long)Math.Ceiling(m * p));
        return (long)Math.Ceiling(10 * p);
    }
}
