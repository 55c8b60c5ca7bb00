namespace SimCache.Geometry.Neighbors;

/// <summary>
/// Every point's k nearest other points, nearest first (ties broken by the lower index), with Euclidean
/// distances in float64: the shared input of the dimension estimators, hubness, t-SNE and trustworthiness,
/// computed once so that all of them see exactly the same neighbourhoods.
/// </summary>
public sealed class KnnGraph
{
    public KnnGraph(int count, int k, int[] indices, double[] distances, int fallbackQueries = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (indices.Length != (long)count * k || distances.Length != (long)count * k)
            throw new ArgumentException("indices and distances must hold count·k entries");
        Count = count;
        K = k;
        Indices = indices;
        Distances = distances;
        FallbackQueries = fallbackQueries;
    }

    public int Count { get; }

    public int K { get; }

    /// <summary>Row-major <c>Count × K</c> neighbour indices.</summary>
    public int[] Indices { get; }

    /// <summary>Row-major <c>Count × K</c> Euclidean distances (float64), ascending per row.</summary>
    public double[] Distances { get; }

    /// <summary>Queries whose float32 screening could not prove the answer and were redone by an exact float64 scan.</summary>
    public int FallbackQueries { get; }

    public ReadOnlySpan<int> NeighborsOf(int i) => Indices.AsSpan(i * K, K);

    public ReadOnlySpan<double> DistancesOf(int i) => Distances.AsSpan(i * K, K);
}
