namespace SimCache.Numerics.Mixture;

/// <summary>
/// Deterministic parallel sums over rows: rows are cut into fixed chunks (their number depends only on n), each
/// chunk sums into its own buffer in parallel, and the buffers are added in chunk order, so the result is the same
/// bits on any number of threads.
/// </summary>
internal static class ChunkedSums
{
    public const int ChunkRows = 2048;

    public static int Chunks(int n) => Math.Max(1, (n + ChunkRows - 1) / ChunkRows);

    /// <summary>Runs <paramref name="body"/>(chunk, firstRow, rowCount, partial) in parallel, then returns the ordered sum of the partials.</summary>
    public static double[] Sum(int n, int length, int? maxThreads, Action<int, int, int, double[]> body, double[][]? buffers = null)
    {
        int chunks = Chunks(n);
        var partials = buffers ?? new double[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount }, c =>
        {
            var p = partials[c] ??= new double[length];
            Array.Clear(p, 0, length);
            int i0 = c * ChunkRows;
            body(c, i0, Math.Min(ChunkRows, n - i0), p);
        });
        var total = new double[length];
        for (int c = 0; c < chunks; c++)
        {
            var p = partials[c];
            for (int l = 0; l < length; l++) total[l] += p[l];
        }
        return total;
    }
}
