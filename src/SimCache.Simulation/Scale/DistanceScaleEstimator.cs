using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Simulation.Scale;

/// <summary>
/// Measures a trace's distance scale: the median (<see cref="Quantile"/>) over requests of the distance to the
/// <see cref="K"/>-th nearest request of another user. Distances in an embedding space have no natural unit —
/// around 8 on the built-in set, around 5 on MovieLens-100K, below 1 under cosine — so a default C_r of 1 or a
/// threshold copied from another data set means something different on every trace. This scale is what "near"
/// means in this trace: a key at the scale's distance is as far as a typical request's 20th neighbour, so a
/// threshold of 0.5·scale serves from a close neighbour and C_r = scale makes an approximate answer worth taking
/// when it is nearer than that. Requests of the same user are left out because a user's successive
/// re-embeddings sit close together and would make the scale a measure of the trace's density, not of the space.
/// </summary>
/// <remarks>
/// Deterministic and bounded: up to <see cref="MaxSample"/> requests drawn without replacement by
/// <c>System.Random(<see cref="Seed"/>)</c> (all of them in a shorter trace), each compared exactly with every
/// request of the trace, streamed in two passes (the sample, then the blocked distance products of
/// <see cref="VectorKernels.DotBlock"/>). The k-th distance is found from the rank value ‖q‖² + ‖r‖² − 2q·r;
/// its cancellation error (about 1e-5 of ‖q‖²) is far below what a scale is used for. A request with fewer than
/// K requests of other users uses its farthest one; a trace of one user has no scale (a <see cref="UsageException"/>
/// asking for explicit values). The quantile interpolates linearly between order statistics (numpy's default).
/// </remarks>
public static class DistanceScaleEstimator
{
    /// <summary>Which neighbour's distance: the 20th, the neighbourhood a cache key typically stands for.</summary>
    public const int K = 20;

    /// <summary>The median over requests: robust to the few isolated requests far from everyone.</summary>
    public const double Quantile = 0.5;

    /// <summary>Requests measured at most; the median of 1,000 has a standard error of about 4% of the spread.</summary>
    public const int MaxSample = 1000;

    /// <summary>Seed of the request sample: fixed, so a trace has one scale.</summary>
    public const int Seed = 20231;

    private const int QueryBlock = 32, RowBlock = 512;

    /// <summary>The scale of the trace at <paramref name="path"/> by the documented rule.</summary>
    public static DistanceScale Estimate(string path, CancellationToken cancel = default) => Estimate(path, K, Quantile, MaxSample, Seed, cancel);

    /// <summary>The scale with another rule (tests; the product uses the constants).</summary>
    public static DistanceScale Estimate(string path, int k, double quantile, int maxSample, int seed, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSample, 1);
        if (!(quantile is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(quantile));
        int dim;
        DistanceMetric metric;
        long rows;
        float[] queries, queryNorms;
        int[] queryUsers;
        int sampled;
        using (var reader = TraceFileReader.Open(path, columns: TraceColumns.Core))
        {
            dim = reader.Dimension;
            metric = DistanceMetrics.Parse(reader.Distance);
            rows = reader.TotalRows;
            var picks = Sample(rows, maxSample, seed);
            sampled = picks.Length;
            queries = new float[checked(sampled * dim)];
            queryNorms = new float[sampled];
            queryUsers = new int[sampled];
            int next = 0;
            while (next < sampled && reader.ReadNextBatch() is { } batch)
            {
                cancel.ThrowIfCancellationRequested();
                for (; next < sampled && picks[next] < batch.FirstRow + batch.RowCount; next++)
                {
                    int r = (int)(picks[next] - batch.FirstRow);
                    queryNorms[next] = metric.Prepare(batch.Vector(r), queries.AsSpan(next * dim, dim));
                    queryUsers[next] = batch.Users[r];
                }
            }
        }
        if (sampled == 0) throw new UsageException($"{path}: the trace has no requests, so it has no distance scale");

        // Per query, the K smallest rank values among other users' requests, as a max-heap.
        var heaps = new float[checked(sampled * k)];
        var counts = new int[sampled];
        using (var reader = TraceFileReader.Open(path, columns: TraceColumns.Core))
        {
            var prepared = new float[RowBlock * dim];
            var norms = new float[RowBlock];
            var users = new int[RowBlock];
            int queryBlocks = (sampled + QueryBlock - 1) / QueryBlock;
            while (reader.ReadNextBatch() is { } batch)
            {
                for (int start = 0; start < batch.RowCount; start += RowBlock)
                {
                    cancel.ThrowIfCancellationRequested();
                    int n = Math.Min(RowBlock, batch.RowCount - start);
                    for (int i = 0; i < n; i++)
                    {
                        norms[i] = metric.Prepare(batch.Vector(start + i), prepared.AsSpan(i * dim, dim));
                        users[i] = batch.Users[start + i];
                    }
                    Parallel.For(0, queryBlocks, () => new float[QueryBlock * RowBlock], (b, _, products) =>
                    {
                        int q0 = b * QueryBlock, qn = Math.Min(QueryBlock, sampled - q0);
                        VectorKernels.DotBlock(queries.AsSpan(q0 * dim, qn * dim), qn, prepared.AsSpan(0, n * dim), n, dim, products, RowBlock);
                        for (int q = 0; q < qn; q++)
                        {
                            int query = q0 + q;
                            var heap = heaps.AsSpan(query * k, k);
                            float qNorm = queryNorms[query];
                            int user = queryUsers[query];
                            for (int i = 0; i < n; i++)
                            {
                                if (users[i] == user) continue;
                                float rank = VectorKernels.Rank(qNorm, norms[i], products[q * RowBlock + i]);
                                Push(heap, ref counts[query], rank);
                            }
                        }
                        return products;
                    }, _ => { });
                }
            }
        }

        var distances = new List<double>(sampled);
        for (int q = 0; q < sampled; q++)
            if (counts[q] > 0) distances.Add(metric.FromSquared(Math.Max(0f, heaps[q * k]))); // the heap's root: the k-th smallest (or the largest of fewer)
        if (distances.Count == 0)
            throw new UsageException($"{path}: every request comes from one user, so the trace has no distance scale between users; give the cost's cr= and absolute thresholds");
        distances.Sort();
        return new DistanceScale(QuantileOf(distances, quantile), k, quantile, maxSample, sampled, rows, seed, metric.Name());
    }

    /// <summary>Row indices of the sample, ascending: all rows when there are at most <paramref name="max"/>, else Floyd's draw without replacement.</summary>
    internal static long[] Sample(long rows, int max, int seed)
    {
        if (rows <= max)
        {
            var all = new long[rows];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            return all;
        }
        var random = new Random(seed);
        var chosen = new HashSet<long>();
        for (long j = rows - max; j < rows; j++)
        {
            long t = random.NextInt64(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        var picks = chosen.ToArray();
        Array.Sort(picks);
        return picks;
    }

    /// <summary>The linearly interpolated quantile of sorted values (numpy's default rule).</summary>
    internal static double QuantileOf(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
    }

    /// <summary>Keeps the k smallest values in a max-heap (root: the largest kept).</summary>
    private static void Push(Span<float> heap, ref int count, float value)
    {
        int k = heap.Length;
        if (count < k)
        {
            int i = count++;
            heap[i] = value;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (heap[parent] >= heap[i]) break;
                (heap[parent], heap[i]) = (heap[i], heap[parent]);
                i = parent;
            }
            return;
        }
        if (!(value < heap[0])) return;
        heap[0] = value;
        int j = 0;
        while (true)
        {
            int l = 2 * j + 1, r = l + 1, m = j;
            if (l < k && heap[l] > heap[m]) m = l;
            if (r < k && heap[r] > heap[m]) m = r;
            if (m == j) break;
            (heap[m], heap[j]) = (heap[j], heap[m]);
            j = m;
        }
    }
}
