using SimCache.Simulation.Metrics;

namespace SimCache.Simulation.Replay;

/// <summary>
/// The counted part of a replay (everything after warm-up, or one window of it): outcome counts, cost, and the
/// distributions of distance, approximation cost and delayed-hit waits, and the answer-quality sums.
/// </summary>
public sealed class ReplayCounters
{
    /// <param name="sizeHint">Approximate hits expected (the sample buffers' initial size).</param>
    /// <param name="keepSamples">False for a window, which reports only means: its summaries count and sum.</param>
    /// <param name="costOfDistance">
    /// When every approximate hit costs exactly this function of its distance, the costs' quantiles are taken by
    /// applying it to the kept distances (<see cref="SampleSummary.Derived"/>) instead of keeping the costs too.
    /// </param>
    public ReplayCounters(int sizeHint, bool keepSamples = true, Func<double, double>? costOfDistance = null)
    {
        Distance = new SampleSummary(sizeHint, keepSamples);
        ApproximationCost = keepSamples && costOfDistance is not null
            ? SampleSummary.Derived(Distance, costOfDistance)
            : new SampleSummary(sizeHint, keepSamples);
        Wait = new SampleSummary(Math.Min(sizeHint, 1 << 16), keepSamples);
    }

    /// <summary>The counts of the registry's replay-counted events (<see cref="MetricDefinition.EventSlot"/>), one slot each.</summary>
    public long[] Events { get; } = new long[MetricRegistry.EventSlots];

    public long Requests;
    public long ExactHits;
    public long ApproximateHits;
    public long DelayedHits;
    public long Misses;
    public long Fetches;
    public double TotalCost;
    public double FirstTime = double.NaN;
    public double LastTime = double.NaN;

    /// <summary>Distance of each approximate hit.</summary>
    public SampleSummary Distance { get; }

    /// <summary>C_a of each approximate hit.</summary>
    public SampleSummary ApproximationCost { get; }

    /// <summary>Seconds each delayed hit waited.</summary>
    public SampleSummary Wait { get; }

    public long QualityRequests;
    public double OverlapSum;
    public long ApproximateQualityRequests;
    public double ApproximateOverlapSum;
    public long NdcgRequests;
    public double ServedNdcgSum;
    public double OwnNdcgSum;

    /// <summary>
    /// Adds a later stretch of requests (a finished window) to these counts: the counts, and the window's
    /// subtotals to the sums, those of the samples included. Not the samples themselves: the replay keeps each
    /// in the totals when it happens (<see cref="SampleSummary.Store"/>).
    /// </summary>
    public void AddCounts(ReplayCounters w)
    {
        if (w.Requests == 0) return;
        Requests += w.Requests;
        ExactHits += w.ExactHits;
        ApproximateHits += w.ApproximateHits;
        DelayedHits += w.DelayedHits;
        Misses += w.Misses;
        Fetches += w.Fetches;
        TotalCost += w.TotalCost;
        Distance.AddSum(w.Distance.Sum);
        ApproximationCost.AddSum(w.ApproximationCost.Sum);
        Wait.AddSum(w.Wait.Sum);
        if (double.IsNaN(FirstTime)) FirstTime = w.FirstTime;
        LastTime = w.LastTime;
        QualityRequests += w.QualityRequests;
        OverlapSum += w.OverlapSum;
        ApproximateQualityRequests += w.ApproximateQualityRequests;
        ApproximateOverlapSum += w.ApproximateOverlapSum;
        NdcgRequests += w.NdcgRequests;
        ServedNdcgSum += w.ServedNdcgSum;
        OwnNdcgSum += w.OwnNdcgSum;
        for (int i = 0; i < Events.Length; i++) Events[i] += w.Events[i];
    }

    /// <summary>Hands the sample buffers on for reuse (<see cref="SampleSummary.Release"/>): counts and means stay, quantiles go.</summary>
    public void Release()
    {
        Distance.Release();
        ApproximationCost.Release();
        Wait.Release();
    }

    public void Clear()
    {
        Requests = ExactHits = ApproximateHits = DelayedHits = Misses = Fetches = 0;
        TotalCost = 0;
        FirstTime = LastTime = double.NaN;
        Distance.Clear();
        ApproximationCost.Clear();
        Wait.Clear();
        QualityRequests = ApproximateQualityRequests = NdcgRequests = 0;
        OverlapSum = ApproximateOverlapSum = ServedNdcgSum = OwnNdcgSum = 0;
        Array.Clear(Events);
    }
}
