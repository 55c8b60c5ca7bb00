using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The policies side by side: hit ratio, cost per request and quality loss against capacity, one line per policy
/// at its best setting at each capacity (lowest mean cost per request, <see cref="PolicyComparison"/>), all policies
/// on the one y axis of each figure, capacity on a log axis, and the band from the lowest to the highest seed when
/// there are several seeds. A policy whose numbers are not on the same footing is drawn with open squares and a
/// dashed line and says so in its legend entry.
/// </summary>
public static class ComparisonFigures
{
    public static void Draw(FigureContext c)
    {
        if (c.Best.Count == 0)
        {
            c.Notes.Add("Policies compared: no results have a numeric 'capacity' and a defined 'cost_per_request'.");
            return;
        }
        foreach (var (metric, file, title) in new[]
        {
            (MetricRegistry.HitRatio, "compare-hit-ratio", "Hit ratio vs capacity, each policy at its best setting"),
            (MetricRegistry.CostPerRequest, "compare-cost", "Cost per request vs capacity, each policy at its best setting"),
            (MetricRegistry.NdcgLoss, "compare-quality-loss", "Quality loss vs capacity, each policy at its best setting"),
        })
        {
            var spec = Spec(c, metric, title);
            if (spec is null)
            {
                c.Notes.Add($"{title}: no best setting has the metric '{metric.Name}'.");
                continue;
            }
            c.Add(PlotRenderer.Save(Path.Combine(c.Dir, file), spec, legendBelow: true), FigureSections.Comparison);
        }
    }

    /// <summary>The figure of one metric, or null when no best setting has it.</summary>
    public static PlotSpec? Spec(FigureContext c, MetricDefinition metric, string title)
    {
        var series = new List<PlotSeries>();
        foreach (var policy in c.Best.GroupBy(b => b.Policy))
        {
            var points = policy.Where(b => b[metric.Name].Seeds > 0).OrderBy(b => b.X).ToList();
            if (points.Count == 0) continue;
            bool band = points.Any(p => p[metric.Name].Seeds > 1);
            series.Add(new PlotSeries(FigureContext.PolicyLabel(policy.Key), points.Select(p => p.X).ToArray(), points.Select(p => p[metric.Name].Mean).ToArray())
            {
                Low = band ? points.Select(p => p[metric.Name].Min).ToArray() : null,
                High = band ? points.Select(p => p[metric.Name].Max).ToArray() : null,
                OtherFooting = PolicyComparison.Caveat(policy.Key) is not null,
                Colour = c.Colour(policy.Key),
            });
        }
        if (series.Count == 0) return null;
        var xs = series.SelectMany(s => s.X).ToArray();
        string caption = (metric.DirectionText.Length > 0 ? metric.DirectionText + ". " : "")
            + "One line per policy at its best setting at each capacity: the setting (threshold, q, …) with the lowest mean cost per request over seeds there, "
            + "the same setting in all three comparison figures."
            + (c.Seeds > 1 ? $" The line is the mean over {c.Seeds} seeds; the shaded band (or bar) runs from the lowest to the highest seed (min–max)." : "");
        return new PlotSpec(title, caption, "capacity K (cached keys, log scale)", metric.AxisLabel, series) { LogX = xs.Min() > 0 };
    }
}
