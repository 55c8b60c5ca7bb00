using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// Hit ratio per window of the replay, one line per policy at a representative setting: its best (lowest mean
/// cost per request, as in the comparison) at the largest capacity every policy was run with (each policy's own
/// largest when they share none), the lowest seed. The x axis counts requests replayed (the windows' request
/// counts added up), which every series has and every trace shares, whatever its clock.
/// </summary>
public static class OverTimeFigure
{
    public const string File = "hit-ratio-over-time";

    public static void Draw(FigureContext c)
    {
        const string title = "Hit ratio over time";
        var spec = Spec(c, title);
        if (spec is null)
        {
            c.Notes.Add($"{title}: no results carry a time series with '{SweepMetrics.HitRatio}'.");
            return;
        }
        c.Add(PlotRenderer.Save(Path.Combine(c.Dir, File), spec, legendBelow: true), FigureSections.OverTime);
    }

    /// <summary>The capacity each policy's line is drawn at: the largest all share, else each one's largest.</summary>
    public static IReadOnlyList<BestSetting> Chosen(IReadOnlyList<BestSetting> best)
    {
        var byPolicy = best.GroupBy(b => b.Policy).ToList();
        var shared = byPolicy.Select(g => g.Select(b => b.X).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        return byPolicy.Select(g => shared.Count > 0 ? g.First(b => b.X == shared.Max()) : g.MaxBy(b => b.X)!).ToList();
    }

    public static PlotSpec? Spec(FigureContext c, string title)
    {
        if (c.Best.Count == 0) return null;
        var series = new List<PlotSeries>();
        bool counted = true;
        foreach (var pick in Chosen(c.Best))
        {
            var ts = c.Series(pick.Row);
            var y = ts?.Column(SweepMetrics.HitRatio);
            if (ts is null || y is null || y.Length == 0) continue;
            var requests = ts.Column(SweepMetrics.Requests);
            counted &= requests is not null;
            double[] x = requests is null ? Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray() : Cumulative(requests);
            string setting = PolicyComparison.Label(pick.Row, PolicyComparison.Varying(c.Rows.Where(r => r.Policy == pick.Policy).ToList(), PolicyComparison.Capacity), PolicyComparison.Capacity, compact: true);
            series.Add(new PlotSeries($"{FigureContext.PolicyLabel(pick.Policy)} ({setting})", x, y) { OtherFooting = PolicyComparison.Caveat(pick.Policy) is not null, Colour = c.Colour(pick.Policy) });
        }
        if (series.Count == 0) return null;
        string caption = "The hit ratio of each window of the replay (seed " + c.Best[0].Row.Seed + "), showing warm-up and drift. Each policy at its best setting (lowest mean cost per request) "
            + "at the largest capacity every policy was run with (each policy's own largest when they share none); the legend names the setting (K capacity, θ as a multiple of the distance scale).";
        return new PlotSpec(title, caption, counted ? "requests replayed (end of window)" : "window (index)", MetricRegistry.HitRatio.Label + " in the window", series);
    }

    /// <summary>Running totals: the request index at the end of each window.</summary>
    public static double[] Cumulative(double[] counts)
    {
        var sum = new double[counts.Length];
        double total = 0;
        for (int i = 0; i < counts.Length; i++) sum[i] = total += counts[i];
        return sum;
    }
}
