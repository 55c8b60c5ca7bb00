namespace SimCache.Experiments.Sweep;

/// <summary>
/// The metric names a point runner reports (the simulator's summary.json, flattened to snake_case), so that the
/// plots and the report find them. A runner may report more; any name of lower-case letters, digits and '_'
/// becomes a column of results.db. Costs are normalised by the retrieval cost C_r.
/// </summary>
public static class SweepMetrics
{
    public const string Requests = "requests";
    public const string ExactHits = "exact_hits";
    public const string ApproximateHits = "approximate_hits";
    public const string DelayedHits = "delayed_hits";
    public const string Misses = "misses";

    /// <summary>
    /// Share of counted requests the cache answered at once (exact + approximate hits), as summary.json's
    /// <c>ratios.hit_ratio</c>; delayed hits (requests that waited for a fetch in flight) are counted apart, as
    /// <c>delayed_hit_ratio</c>.
    /// </summary>
    public const string HitRatio = "hit_ratio";

    public const string DistanceMean = "distance_mean";
    public const string DistanceP50 = "distance_p50";
    public const string DistanceP90 = "distance_p90";
    public const string DistanceP99 = "distance_p99";
    public const string CostMean = "approx_cost_mean";
    public const string CostP50 = "approx_cost_p50";
    public const string CostP90 = "approx_cost_p90";
    public const string CostP99 = "approx_cost_p99";
    public const string TotalCost = "total_cost";

    /// <summary>Σ(C_a on hits + C_r on misses) / requests / C_r.</summary>
    public const string CostPerRequest = "cost_per_request";

    /// <summary>Mean overlap@N of the served list with the request's own list.</summary>
    public const string Overlap = "overlap";
    public const string NdcgServed = "ndcg_served";
    public const string NdcgOwn = "ndcg_own";

    /// <summary>The quality an approximate answer costs: NDCG@N of the own list minus that of the served list.</summary>
    public const string NdcgLoss = "ndcg_loss";

    public const string IndexRecall = "index_recall";
    public const string SimulatorSeconds = "sim_seconds";
    public const string RequestsPerSecond = "requests_per_second";

    /// <summary>Time-series column: the window's end, seconds since the first request.</summary>
    public const string Time = "time";
}
