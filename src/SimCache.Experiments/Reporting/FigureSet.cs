using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The policy-comparison figures of one experiment, drawn from its rows of results.db. First the policies side by
/// side (<see cref="ComparisonFigures"/>: each at its best setting per capacity, bands over seeds), the
/// quality/hit-ratio frontier (<see cref="FrontierFigure"/>) and hit ratio over time (<see cref="OverTimeFigure"/>);
/// then, as detail, every setting: hit ratio vs capacity, cost vs threshold and quality loss vs capacity, where a
/// line is one policy with its other parameters fixed (each point the mean over its seeds), drawn once per policy
/// when a figure would hold more than <see cref="MaxLines"/> lines. A figure whose metric or parameter no row has
/// is not drawn, and <see cref="Build"/> says why. A new figure is its own file with a <c>Draw(FigureContext)</c>
/// and one line here.
/// </summary>
public static class FigureSet
{
    public const int MaxLines = 10;

    public static (IReadOnlyList<Figure> Figures, IReadOnlyList<string> Notes) Build(IReadOnlyList<ResultRow> rows, Func<ResultRow, TimeSeries?> series, string figuresDir)
    {
        var c = new FigureContext(rows, series, figuresDir);
        ComparisonFigures.Draw(c);
        FrontierFigure.Draw(c);
        OverTimeFigure.Draw(c);
        Sweep(c, "capacity", MetricRegistry.HitRatio, "hit-ratio-vs-capacity", "Hit ratio vs capacity, every setting", "capacity K (cached keys)",
            "how much of the traffic each policy serves from a cache of K keys." + c.MeanText);
        Sweep(c, "threshold", MetricRegistry.CostPerRequest, "cost-vs-threshold", "Cost vs threshold", "threshold θ (embedding distance)",
            "total cost (approximation cost on hits, C_r on misses) per request; 1 means every request missed." + c.MeanText, ThresholdlessReferences);
        Sweep(c, "capacity", MetricRegistry.NdcgLoss, "quality-loss-vs-capacity", "Quality loss vs capacity, every setting", "capacity K (cached keys)",
            "what the served answers cost in recommendation quality: NDCG@N of the request's own list minus that of the list it was served, against what the user consumed next." + c.MeanText);
        return (c.Figures, c.Notes);
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

    private static void Sweep(FigureContext c, string parameter, MetricDefinition definition, string file, string title, string xLabel, string caption,
        Func<FigureContext, string, (IReadOnlyList<ReferenceLine> Lines, string Text)>? references = null)
    {
        // The metric's name, axis and direction come from its declaration.
        string metric = definition.Name, yLabel = definition.AxisLabel;
        if (definition.DirectionText.Length > 0) caption = definition.DirectionText + ": " + caption;
        var (figures, notes, points, dir) = (c.Figures, c.Notes, c.Points, c.Dir);
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
        var (refs, refText) = references?.Invoke(c, parameter) ?? ([], "");
        caption += refText;
        PlotSpec Spec(string t, IEnumerable<PlotSeries> s) => new(t, caption, log ? xLabel + ", log scale" : xLabel, yLabel, s.ToList()) { LogX = log, References = refs };
        if (lines.Count <= MaxLines)
        {
            c.Add(PlotRenderer.Save(Path.Combine(dir, file), Spec(title, lines.Select(l => l.Series))), FigureSections.Detail);
            return;
        }
        foreach (var policy in lines.GroupBy(l => l.Policy))
            c.Add(PlotRenderer.Save(Path.Combine(dir, file + "-" + policy.Key), Spec($"{title}: {policy.Key}", policy.Select(l => l.Series))), FigureSections.Detail);
    }

    /// <summary>
    /// A policy's trade-off curve: the settings no other setting beats on both axes (a higher or equal hit ratio
    /// with a strictly lower loss, or vice versa), in increasing hit ratio.
    /// </summary>
    public static IReadOnlyList<(double Hit, double Loss)> ParetoFront(IEnumerable<(double Hit, double Loss)> points) =>
        ParetoFront(points.ToList(), p => p.Hit, p => p.Loss);

    /// <summary>The same front over any items, keeping each item (e.g. its row, to label the point with its setting).</summary>
    public static IReadOnlyList<T> ParetoFront<T>(IReadOnlyList<T> points, Func<T, double> hit, Func<T, double> loss)
    {
        var front = new List<T>();
        foreach (var p in points.OrderByDescending(hit).ThenBy(loss))
            if (front.Count == 0 || loss(p) < loss(front[^1])) front.Add(p);
        front.Reverse();
        return front;
    }

    /// <summary>
    /// For cost vs threshold: each policy without a threshold as a horizontal line at its lowest mean cost over all its
    /// settings (labelled with that setting), so the cheapest policy is never silently missing from the figure; a
    /// policy not on the same footing is named in the caption instead (its cost is on another scale).
    /// </summary>
    public static (IReadOnlyList<ReferenceLine> Lines, string Text) ThresholdlessReferences(FigureContext c, string parameter)
    {
        var lines = new List<ReferenceLine>();
        var apart = new List<string>();
        foreach (var policy in c.Points.GroupBy(p => p.Row.Policy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (policy.Any(p => p.Row.Parameter(parameter)?.Number is not null)) continue;
            var costed = policy.Where(p => p.Means.TryGetValue(SweepMetrics.CostPerRequest, out var v) && !double.IsNaN(v)).ToList();
            if (costed.Count == 0) continue;
            if (PolicyComparison.Caveat(policy.Key) is not null)
            {
                apart.Add(policy.Key);
                continue;
            }
            var best = costed.OrderBy(p => p.Means[SweepMetrics.CostPerRequest]).ThenBy(p => p.Row, RowOrder.Instance).First();
            var varying = PolicyComparison.Varying(policy.Select(p => p.Row).ToList(), PolicyComparison.Capacity);
            lines.Add(new ReferenceLine($"{policy.Key}, no θ: best {best.Means[SweepMetrics.CostPerRequest]:0.###} ({PolicyComparison.Label(best.Row, varying, PolicyComparison.Capacity, compact: true)})", best.Means[SweepMetrics.CostPerRequest]));
        }
        string text = lines.Count > 0 ? " Dashed grey lines: the policies without a threshold, at their lowest cost over all their settings." : "";
        if (apart.Count > 0) text += $" Not shown: {string.Join(", ", apart)}, whose cost is on another scale (see the text).";
        return (lines, text);
    }
}
