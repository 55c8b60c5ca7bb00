using SimCache.Caching.Indexes;

namespace SimCache.Simulation.Replay;

/// <summary>What a replay measured: the counted totals, the per-window series, the index recall and the speed.</summary>
public sealed record ReplayResult(
    ReplayCounters Totals,
    IReadOnlyList<WindowRow> Windows,
    long Replayed,
    long WarmupRequests,
    double RetrievalCost,
    IndexRecall? Recall,
    double Seconds)
{
    /// <summary>Requests replayed per second of wall time, warm-up included.</summary>
    public double RequestsPerSecond => Replayed / Math.Max(Seconds, 1e-9);

    /// <summary>
    /// Done with the quantiles: the totals' sample buffers go to the next replay of this process (a sweep runs
    /// many). Counts, sums and means stay readable.
    /// </summary>
    public void Release() => Totals.Release();
}
