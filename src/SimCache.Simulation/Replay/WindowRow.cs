namespace SimCache.Simulation.Replay;

/// <summary>One row of timeseries.csv: a window of counted requests, with its time span, counts and means.</summary>
public sealed record WindowRow(
    int Window, long FirstRequest, long Requests, double StartTime, double EndTime,
    long ExactHits, long ApproximateHits, long DelayedHits, long Misses,
    double HitRatio, double MeanDistance, double MeanApproximationCost, double CostPerRequest,
    double MeanOverlap, double MeanServedNdcg, double MeanOwnNdcg);
