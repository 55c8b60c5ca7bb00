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

    /// <summary>
    /// The k nearest of each row's neighbours (k ≤ K): since rows are nearest first with ties by the lower index, this
    /// is exactly the k-NN graph a search with k would return, so one search serves every consumer that needs fewer.
    /// </summary>
    public KnnGraph Prefix(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, K);
        if (k == K) return this;
        var indices = new int[Count * k];
        var distances = new double[Count * k];
        for (int i = 0; i < Count; i++)
        {
            NeighborsOf(i)[..k].CopyTo(indices.AsSpan(i * k, k));
            DistancesOf(i)[..k].CopyTo(distances.AsSpan(i * k, k));
        }
        return new KnnGraph(Count, k, indices, distances, FallbackQueries);
    }
}
