namespace SimCache.Experiments.Results;

/// <summary>What a variable column of results.db holds; a name keeps one role for the life of the file.</summary>
public enum ColumnRole
{
    /// <summary>A simulator option (index, latency, ttl, arrivals, warmup, window).</summary>
    Simulator,

    /// <summary>A cache policy parameter (capacity, threshold, …).</summary>
    Parameter,

    /// <summary>A measured metric (hit_ratio, cost_per_request, …).</summary>
    Metric,
}
