using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// Quality loss against hit ratio: each policy's undominated settings (<see cref="FigureSet.ParetoFront"/>), each
/// point labelled with the setting it is (K = capacity, θ as a multiple of the trace's distance scale when given so,
/// q, …), so a reader can tell which setting buys which trade-off. A policy not on the same footing is drawn apart
/// (open squares, dashed line, marked legend entry).
/// </summary>
public static class FrontierFigure
{
    public const string File = "quality-vs-hit-ratio";

    public static void Draw(FigureContext c)
    {
        const string title = "Quality loss vs hit ratio";
        var spec = Spec(c, title);
        if (spec is null)
        {
            c.Notes.Add($"{title}: no results have both '{SweepMetrics.HitRatio}' and '{SweepMetrics.NdcgLoss}'.");
            return;
        }
        c.Add(PlotRenderer.Save(Path.Combine(c.Dir, File), spec, legendBelow: true), FigureSections.Frontier);
    }

    public static PlotSpec? Spec(FigureContext c, string title)
    {
        static bool Has(Dictionary<string, double> m, string k) => m.TryGetValue(k, out var v) && !double.IsNaN(v);
        var usable = c.Points.Where(p => Has(p.Means, SweepMetrics.HitRatio) && Has(p.Means, SweepMetrics.NdcgLoss)).ToList();
        if (usable.Count == 0) return null;
        var series = new List<PlotSeries>();
        foreach (var policy in usable.GroupBy(p => p.Row.Policy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var varying = PolicyComparison.Varying(policy.Select(p => p.Row).ToList(), PolicyComparison.Capacity);
            var front = FigureSet.ParetoFront(policy.ToList(), p => p.Means[SweepMetrics.HitRatio], p => p.Means[SweepMetrics.NdcgLoss]);
            series.Add(new PlotSeries(FigureContext.PolicyLabel(policy.Key),
                front.Select(p => p.Means[SweepMetrics.HitRatio]).ToArray(), front.Select(p => p.Means[SweepMetrics.NdcgLoss]).ToArray())
            {
                PointLabels = front.Select(p => PolicyComparison.Label(p.Row, varying, p.Row.Parameter(PolicyComparison.Capacity) is null ? null : PolicyComparison.Capacity, compact: true)).ToArray(),
                OtherFooting = PolicyComparison.Caveat(policy.Key) is not null,
                Colour = c.Colour(policy.Key),
            });
        }
        string caption = "Down and to the right is better: each line is a policy's undominated settings (no other setting of it has both a higher hit ratio and a lower loss), "
            + "each point labelled with its setting: K the capacity, θ the threshold as a multiple of the trace's distance scale (when the experiment gave it so), q and the other parameters by name."
            + c.MeanText;
        return new PlotSpec(title, caption, MetricRegistry.HitRatio.AxisLabel, MetricRegistry.NdcgLoss.AxisLabel, series);
    }
}
