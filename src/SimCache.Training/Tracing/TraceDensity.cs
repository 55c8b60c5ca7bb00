using System.Globalization;

namespace SimCache.Training.Tracing;

/// <summary>
/// The trace's density defaults, derived from the data's positives per user: fixed values tuned on one data set
/// (50 / 0.8 / 10) gave 1.7 rows per user on MovieLens-100K, whose median user has fewer than 50 positives, so
/// most users were embedded once and a cache had nothing to reuse. With the median user's m positives:
/// <list type="bullet">
/// <item><c>every</c> = max(1, round((m − ⌊warmup·m⌋) / (<see cref="TargetRows"/> − 1))): the median user gets
/// about <see cref="TargetRows"/> rows (one at the warm-up, then one per <c>every</c>);</item>
/// <item><c>min_ratings</c> = max(2, ⌈m / 2⌉): users with less than half the median history are embedded once,
/// the rest re-embedded as they grow.</item>
/// </list>
/// A value given explicitly is kept. Heavy users still get more rows than the median user (their history is
/// longer), as in the seed report.
/// </summary>
public static class TraceDensity
{
    /// <summary>Rows the median user should get.</summary>
    public const int TargetRows = 10;

    /// <summary>
    /// <paramref name="options"/> with <see cref="TraceOptions.MinRatings"/> and <see cref="TraceOptions.Every"/>
    /// filled in from <paramref name="positivesPerUser"/> (the traced users' history lengths) where not given.
    /// </summary>
    public static TraceOptions Resolve(IReadOnlyList<int> positivesPerUser, TraceOptions options)
    {
        if (options.MinRatings is not null && options.Every is not null) return options;
        double m = Median(positivesPerUser);
        int minRatings = options.MinRatings ?? Math.Max(2, (int)Math.Ceiling(m / 2));
        int every = options.Every ?? Math.Max(1, (int)Math.Round((m - Math.Floor(options.Warmup * m)) / (TargetRows - 1), MidpointRounding.AwayFromZero));
        return options with { MinRatings = minRatings, Every = every };
    }

    /// <summary>The median of the counts (mean of the middle two for an even count; 0 for none).</summary>
    public static double Median(IReadOnlyList<int> counts)
    {
        if (counts.Count == 0) return 0;
        var sorted = counts.Order().ToArray();
        int h = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2.0;
    }

    /// <summary>How the options were chosen, for the trace's metadata and the console.</summary>
    public static string Describe(TraceOptions given, TraceOptions resolved, double medianPositives) => string.Create(CultureInfo.InvariantCulture,
        $"min_ratings={resolved.MinRatings} ({(given.MinRatings is null ? "derived" : "given")}), every={resolved.Every} ({(given.Every is null ? "derived" : "given")}), median positives per user {medianPositives:0.#}");
}
