using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Caching.Vectors;

/// <summary>
/// The distance between requests and keys. Both are computed from the same rank value
/// (<see cref="VectorKernels.Rank"/>): L2 is its square root; cosine distance <c>1 − cos</c> is half of it on
/// unit vectors, so one nearest-key search serves both and identical vectors are at distance exactly 0.
/// </summary>
public enum DistanceMetric
{
    /// <summary>Euclidean distance ‖x − y‖.</summary>
    L2,

    /// <summary>Cosine distance 1 − x·y/(‖x‖‖y‖) ∈ [0, 2].</summary>
    Cosine,
}

/// <summary>Spellings and conversions of <see cref="DistanceMetric"/> (the names of the Arrow metadata).</summary>
public static class DistanceMetrics
{
    /// <summary>Parses <c>l2</c> or <c>cosine</c> (the trace metadata spelling).</summary>
    public static DistanceMetric Parse(string? name) => name switch
    {
        SimCacheArrow.DistanceL2 => DistanceMetric.L2,
        SimCacheArrow.DistanceCosine => DistanceMetric.Cosine,
        _ => throw new UsageException($"unknown distance '{name}'; valid: {SimCacheArrow.DistanceL2}, {SimCacheArrow.DistanceCosine}"),
    };

    /// <summary>The metadata spelling.</summary>
    public static string Name(this DistanceMetric metric) => metric == DistanceMetric.Cosine ? SimCacheArrow.DistanceCosine : SimCacheArrow.DistanceL2;

    /// <summary>Turns a rank value into the metric's distance (clamped at 0 against rounding).</summary>
    public static float FromRank(this DistanceMetric metric, float rank)
    {
        float r = MathF.Max(0f, rank);
        return metric == DistanceMetric.Cosine ? 0.5f * r : MathF.Sqrt(r);
    }
}
