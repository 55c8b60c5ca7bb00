using SimCache.Simulation.Metrics;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// The metric names the plots and the report look for, each read from its declaration in
/// <see cref="MetricRegistry"/> (which also gives its label, unit and direction), so they cannot drift from what
/// the simulator reports. A runner may report more; any name of lower-case letters, digits and '_' becomes a
/// column of results.db. Costs are normalised by the retrieval cost C_r.
/// </summary>
public static class SweepMetrics
{
    public static string Requests => MetricRegistry.Requests.Name;
    public static string ExactHits => MetricRegistry.ExactHits.Name;
    public static string ApproximateHits => MetricRegistry.ApproximateHits.Name;
    public static string DelayedHits => MetricRegistry.DelayedHits.Name;
    public static string Misses => MetricRegistry.Misses.Name;

    /// <summary>
    /// Share of counted requests the cache answered at once (exact + approximate hits), as summary.json's
    /// <c>ratios.hit_ratio</c>; delayed hits (requests that waited for a fetch in flight) are counted apart, as
    /// <c>delayed_hit_ratio</c>.
    /// </summary>
    public static string HitRatio => MetricRegistry.HitRatio.Name;

    public static string DistanceMean => MetricRegistry.DistanceMean.Name;
    public static string DistanceP50 => MetricRegistry.DistanceP50.Name;
    public static string DistanceP90 => MetricRegistry.DistanceP90.Name;
    public static string DistanceP99 => MetricRegistry.DistanceP99.Name;
    public static string CostMean => MetricRegistry.CostMean.Name;
    public static string CostP50 => MetricRegistry.CostP50.Name;
    public static string CostP90 => MetricRegistry.CostP90.Name;
    public static string CostP99 => MetricRegistry.CostP99.Name;
    public static string TotalCost => MetricRegistry.TotalCost.Name;

    /// <summary>Σ(C_a on hits + C_r on misses) / requests / C_r.</summary>
    public static string CostPerRequest => MetricRegistry.CostPerRequest.Name;

    /// <summary>Mean overlap@N of the served list with the request's own list.</summary>
    public static string Overlap => MetricRegistry.Overlap.Name;
    public static string NdcgServed => MetricRegistry.NdcgServed.Name;
    public static string NdcgOwn => MetricRegistry.NdcgOwn.Name;

    /// <summary>The quality an approximate answer costs: NDCG@N of the own list minus that of the served list.</summary>
    public static string NdcgLoss => MetricRegistry.NdcgLoss.Name;

    public static string IndexRecall => MetricRegistry.IndexRecall.Name;
    public static string SimulatorSeconds => MetricRegistry.SimulatorSeconds.Name;
    public static string RequestsPerSecond => MetricRegistry.RequestsPerSecond.Name;

    /// <summary>Time-series column: the window's end, seconds since the first request.</summary>
    public const string Time = "time";
}
