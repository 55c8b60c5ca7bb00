using SimCache.Caching.Policies;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Scale;

namespace SimCache.Simulation.Metrics;

/// <summary>
/// Everything a metric is computed from once a replay has ended: its counters and samples, the trace's distance
/// scale when the run used it, the policy's own counters, whether C_r was derived, and the warnings raised.
/// </summary>
public sealed record MetricSource(
    ReplayResult Result,
    DistanceScale? Scale = null,
    IReadOnlyList<PolicyCount>? PolicyCounts = null,
    bool RetrievalDerived = false,
    int Warnings = 0)
{
    /// <summary>The counted totals (after warm-up).</summary>
    public ReplayCounters Totals => Result.Totals;
}
