using SimCache.Simulation.Metrics;

namespace SimCache.Simulation.Replay;

/// <summary>
/// The counted part of a replay (everything after warm-up, or one window of it): outcome counts, cost, and the
/// distributions of distance, approximation cost and delayed-hit waits, and the answer-quality sums.
/// </summary>
public sealed class ReplayCounters
{
    public ReplayCounters(int sizeHint)
    {
        Distance = new SampleSummary(sizeHint);
        ApproximationCost = new SampleSummary(sizeHint);
        Wait = new SampleSummary(Math.Min(sizeHint, 1 << 16));
    }

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
    }
}
