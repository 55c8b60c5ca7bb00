namespace SimCache.Simulation.Metrics;

/// <summary>How a metric summarises the counted requests of one replay: it tells a reader whether two runs' values may be added or only compared.</summary>
public enum MetricAggregate
{
    /// <summary>A number of events (requests, hits, evictions): runs of the same trace add up.</summary>
    Count,

    /// <summary>Events per counted request, in [0, 1].</summary>
    Ratio,

    /// <summary>A sum over the counted requests (a total cost).</summary>
    Total,

    /// <summary>The mean of a per-request (or per-event) value.</summary>
    Mean,

    /// <summary>An exact quantile of a per-event value.</summary>
    Quantile,

    /// <summary>A property of the run rather than of its requests (a derived C_r, the distance scale, wall time).</summary>
    Value,
}
