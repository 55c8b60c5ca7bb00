using System.Numerics.Tensors;
using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Numerics.Vectors;

/// <summary>
/// The distance between requests and keys. Both come from the squared Euclidean distance s of the prepared
/// vectors (<see cref="VectorKernels.SquaredDistance"/>): L2 is √s; cosine distance <c>1 − cos</c> is s/2 on
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

    /// <summary>
    /// Writes the form of <paramref name="vector"/> that distances are computed on into <paramref name="dest"/>
    /// (a copy under L2, the unit vector under cosine) and returns its squared norm by the canonical dot product.
    /// Cosine rejects a zero vector: its direction, hence its distance to anything, is undefined.
    /// </summary>
    public static float Prepare(this DistanceMetric metric, ReadOnlySpan<float> vector, Span<float> dest)
    {
        if (dest.Length < vector.Length) throw new ArgumentException("destination is shorter than the vector", nameof(dest));
        var d = dest[..vector.Length];
        if (metric == DistanceMetric.L2)
        {
            if (!d.Overlaps(vector)) vector.CopyTo(d);
            return VectorKernels.Dot(vector, vector);
        }
        float n2 = VectorKernels.Dot(vector, vector);
        if (!(n2 > 0) || !float.IsFinite(n2)) throw new ArgumentException("cosine distance is undefined for a zero (or non-finite) vector", nameof(vector));
        TensorPrimitives.Multiply(vector, 1f / MathF.Sqrt(n2), d);
        return VectorKernels.Dot(d, d);
    }

    /// <summary>
    /// The distance from a rank value (<see cref="VectorKernels.Rank"/>) of prepared vectors: the same mapping as
    /// <see cref="FromSquared"/>, but a rank carries cancellation error, so decisions should use
    /// <c>SimilarityCache.Distance</c>, which is bit-identical to what a lookup reports.
    /// </summary>
    public static float FromRank(this DistanceMetric metric, float rank) => metric.FromSquared(rank);

    /// <summary>Turns a squared Euclidean distance of prepared vectors into the metric's distance (clamped at 0).</summary>
    public static float FromSquared(this DistanceMetric metric, float squared)
    {
        float r = MathF.Max(0f, squared);
        return metric == DistanceMetric.Cosine ? 0.5f * r : MathF.Sqrt(r);
    }
}
