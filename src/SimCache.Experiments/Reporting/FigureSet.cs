using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The policy-comparison figures of one experiment, drawn from its rows of results.db (each point the mean
/// over its seeds): hit ratio vs capacity, cost vs threshold, quality loss vs hit ratio, and hit ratio over
/// time. A line is one policy with its other parameters fixed, so a figure compares like with like; when a
/// figure would hold more than <see cref="MaxLines"/> lines it is drawn once per policy. A figure whose metric
/// or parameter no row has is not drawn, and <see cref="Build"/> says why.
/// </summary>
public static class FigureSet
{
    public const int MaxLines = 10;

    public static (IReadOnlyList<Figure> Figures, IReadOnlyList<string> Notes) Build(IReadOnlyList<ResultRow> rows, Func<ResultRow, TimeSeries?> series, string figuresDir)
    {
        var figures = new List<Figure>();
        var notes = new List<string>();
        var points = Means(rows);
        int seeds = rows.Select(r => r.Seed).Distinct().Count();
        string mean = seeds > 1 ? $" Each point is the mean over {seeds} seeds." : "";

        Sweep(figures, notes, points, figuresDir, "capacity", MetricRegistry.HitRatio, "hit-ratio-vs-capacity",
            "Hit ratio vs capacity", "capacity K (cached keys)",
            "how much of the traffic each policy serves from a cache of K keys." + mean);
        Sweep(figures, notes, points, figuresDir, "threshold", MetricRegistry.CostPerRequest, "cost-vs-threshold",
            "Cost vs threshold", "threshold θ (embedding distance)",
            "total cost (approximation cost on hits, C_r on misses) per request; 1 means every request missed." + mean);
        Sweep(figures, notes, points, figuresDir, "capacity", MetricRegistry.NdcgLoss, "quality-loss-vs-capacity",
            "Quality loss vs capacity", "capacity K (cached keys)",
            "what the served answers cost in recommendation quality: NDCG@N of the request's own list minus that of the list it was served, against what the user consumed next." + mean);
        Tradeoff(figures, notes, points, figuresDir, mean);
        OverTime(figures, notes, rows, series, figuresDir);
        return (figures, notes);
    }

    /// <summary>Rows grouped by point (in row order) with the mean of each metric over seeds, NaNs ignored.</summary>
    public static IReadOnlyList<(ResultRow Row, Dictionary<string, double> Means)> Means(IReadOnlyList<ResultRow> rows)
    {
        var result = new List<(ResultRow, Dictionary<string, double>)>();
        foreach (var group in rows.GroupBy(r => r.PointKey))
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in group.SelectMany(r => r.Metrics.Keys).Distinct())
            {
                var values = group.Select(r => r.Metric(name)).Where(v => !double.IsNaN(v)).ToArray();
                means[name] = values.Length == 0 ? double.NaN : values.Average();
            }
            result.Add((group.First(), means));
        }
        return result;
    }

    /// <summary>Names every list holds with one and the same value (they need not be in a legend).</summary>
    private static HashSet<string> Common(IReadOnlyList<IReadOnlyList<KeyValuePair<string, ParamValue>>> lists) =>
        lists.SelectMany(l => l).GroupBy(o => o.Key)
            .Where(g => g.Count() == lists.Count && g.Select(o => o.Value.Canonical).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();

    /// <summary>
    /// The line a point belongs to: the policy with every parameter but <paramref name="x"/> and every simulator
    /// option, leaving out those all the figure's points share (e.g. one cost model for every cache: the caption
    /// says it once instead of every legend entry).
    /// </summary>
    private static string LineLabel(ResultRow row, string? x, HashSet<string> commonParameters, HashSet<string> commonOptions)
    {
        // A relative value's multiple (threshold_relative) follows x itself: it names no line of its own. A fixed
        // parameter given relative to the trace's distance scale is named by its multiple (threshold=0.4×scale), the
        // way the experiment gave it, not by the many-digit absolute value it resolved to.
        var fixedParts = row.Parameters
            .Where(p => p.Key != x && p.Key != x + "_relative" && !p.Key.EndsWith("_relative", StringComparison.Ordinal) && !commonParameters.Contains(p.Key))
            .Select(p => row.Parameter(p.Key + "_relative") is { } relative ? $"{p.Key}={relative.Canonical}×scale" : p.Key + "=" + p.Value.Canonical)
            .Concat(row.Simulator.Where(o => !commonOptions.Contains(o.Key)).Select(o => o.Key + "=" + o.Value.Canonical)).ToList();
        return fixedParts.Count == 0 ? row.Policy : $"{row.Policy} ({string.Join(", ", fixedParts)})";
    }

    private static void Sweep(List<Figure> figures, List<string> notes, IReadOnlyList<(ResultRow Row, Dictionary<string, double> Means)> points,
        string dir, string parameter, MetricDefinition definition, string file, string title, string xLabel, string caption)
    {
        // The metric's name, axis and direction come from its declaration.
        string metric = definition.Name, yLabel = definition.AxisLabel;
        if (definition.DirectionText.Length > 0) caption = definition.DirectionText + ": " + caption;
        var usable = points.Where(p => p.Row.Parameter(parameter)?.Number is not null && p.Means.TryGetValue(metric, out var v) && !double.IsNaN(v)).ToList();
        if (usable.Count == 0)
        {
            notes.Add($"{title}: no results have both a numeric '{parameter}' parameter and the metric '{metric}'.");
            return;
        }
        var commonParameters = Common(usable.Select(p => p.Row.Parameters).ToList());
        var commonOptions = Common(usable.Select(p => p.Row.Simulator).ToList());
        var shared = usable[0].Row.Parameters.Where(q => q.Key != parameter && commonParameters.Contains(q.Key))
            .Concat(usable[0].Row.Simulator.Where(o => o.Key == SimulatorGrid.Index && commonOptions.Contains(o.Key)))
            .Select(q => q.Key + "=" + q.Value.Canonical).ToList();
        if (shared.Count > 0) caption += " Every line has " + string.Join(", ", shared) + ".";
        var lines = usable.GroupBy(p => (p.Row.Policy, Label: LineLabel(p.Row, parameter, commonParameters, commonOptions)))
            .Select(g => (g.Key.Policy, Series: new PlotSeries(g.Key.Label,
                g.OrderBy(p => p.Row.Parameter(parameter)!.Number).Select(p => p.Row.Parameter(parameter)!.Number!.Value).ToArray(),
                g.OrderBy(p => p.Row.Parameter(parameter)!.Number).Select(p => p.Means[metric]).ToArray())))
            .ToList();
        var xs = usable.Select(p => p.Row.Parameter(parameter)!.Number!.Value).ToArray();
        bool log = xs.Min() > 0 && xs.Max() / xs.Min() >= 50;
        if (lines.Count <= MaxLines)
        {
            figures.Add(PlotRenderer.Save(Path.Combine(dir, file), title, caption, xLabel, yLabel, lines.Select(l => l.Series).ToList(), log));
            return;
        }
        foreach (var policy in lines.GroupBy(l => l.Policy))
            figures.Add(PlotRenderer.Save(Path.Combine(dir, file + "-" + policy.Key), $"{title}: {policy.Key}", caption, xLabel, yLabel, policy.Select(l => l.Series).ToList(), log));
    }

    private static void Tradeoff(List<Figure> figures, List<string> notes, IReadOnlyList<(ResultRow Row, Dictionary<string, double> Means)> points, string dir, string mean)
    {
        const string title = "Quality loss vs hit ratio";
        var usable = points.Where(p => p.Means.TryGetValue(SweepMetrics.HitRatio, out var h) && !double.IsNaN(h)
            && p.Means.TryGetValue(SweepMetrics.NdcgLoss, out var q) && !double.IsNaN(q)).ToList();
        if (usable.Count == 0)
        {
            notes.Add($"{title}: no results have both '{SweepMetrics.HitRatio}' and '{SweepMetrics.NdcgLoss}'.");
            return;
        }
        var series = new List<PlotSeries>();
        foreach (var policy in usable.GroupBy(p => p.Row.Policy))
        {
            var front = ParetoFront(policy.Select(p => (p.Means[SweepMetrics.HitRatio], p.Means[SweepMetrics.NdcgLoss])));
            series.Add(new PlotSeries(policy.Key, front.Select(f => f.Hit).ToArray(), front.Select(f => f.Loss).ToArray()));
        }
        figures.Add(PlotRenderer.Save(Path.Combine(dir, "quality-vs-hit-ratio"), title,
            "Down and to the right is better: each line is a policy's best settings (no other setting of it has both a higher hit ratio and a lower loss)." + mean,
            MetricRegistry.HitRatio.AxisLabel, MetricRegistry.NdcgLoss.AxisLabel, series));
    }

    /// <summary>
    /// A policy's trade-off curve: the settings no other setting beats on both axes (a higher or equal hit ratio
    /// with a strictly lower loss, or vice versa), in increasing hit ratio.
    /// </summary>
    public static IReadOnlyList<(double Hit, double Loss)> ParetoFront(IEnumerable<(double Hit, double Loss)> points)
    {
        var front = new List<(double Hit, double Loss)>();
        foreach (var p in points.OrderByDescending(p => p.Hit).ThenBy(p => p.Loss))
            if (front.Count == 0 || p.Loss < front[^1].Loss) front.Add(p);
        front.Reverse();
        return front;
    }

    private static void OverTime(List<Figure> figures, List<string> notes, IReadOnlyList<ResultRow> rows, Func<ResultRow, TimeSeries?> lookup, string dir)
    {
        const string title = "Hit ratio over time";
        var series = new List<PlotSeries>();
        bool timed = true;
        foreach (var policy in rows.GroupBy(r => r.Policy))
        {
            // One representative run per policy: its largest capacity, the first of those in row order, the lowest seed.
            var pick = policy.OrderByDescending(r => r.Parameter("capacity")?.Number ?? 0).ThenBy(r => r, RowOrder.Instance).First();
            var ts = lookup(pick);
            var y = ts?.Column(SweepMetrics.HitRatio);
            if (ts is null || y is null || y.Length == 0) continue;
            var x = ts.Column(SweepMetrics.Time);
            timed &= x is not null;
            series.Add(new PlotSeries($"{pick.Cache} (seed {pick.Seed})", x ?? Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray(), y));
        }
        if (series.Count == 0)
        {
            notes.Add($"{title}: no results carry a time series with '{SweepMetrics.HitRatio}'.");
            return;
        }
        figures.Add(PlotRenderer.Save(Path.Combine(dir, "hit-ratio-over-time"), title,
            "Each line is one run per policy (its largest capacity): the hit ratio of each window, showing warm-up and drift.",
            timed ? "time since the first request (s)" : "window (index)", MetricRegistry.HitRatio.Label + " in the window", series));
    }
}
