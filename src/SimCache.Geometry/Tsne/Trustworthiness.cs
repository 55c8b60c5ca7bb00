using SimCache.Numerics.Linalg;

namespace SimCache.Geometry.Tsne;

/// <summary>
/// How faithful a low-dimensional map is to the original neighbourhoods (docs/METHODS.md §2.4, Venna–Kaski as in
/// scikit-learn): T(k) = 1 − 2/(n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ N_k^map(i)} max(0, r(i, j) − k), r the rank of j
/// among i's neighbours in the original space (1 = nearest; ties by lower index); and k-NN preservation,
/// the mean of |N_k^orig ∩ N_k^map| / k. Distances in float64; rows in parallel, sums in row order.
/// </summary>
public static class Trustworthiness
{
    /// <summary>(T(k), k-NN preservation) for the map <paramref name="map"/> (n × m) of <paramref name="original"/> (n × d).</summary>
    public static (double Trustworthiness, double Preservation) Compute(double[] original, int d, double[] map, int m, int n, int k, int? maxThreads = null)
    {
        if ((long)n * d != original.Length || (long)n * m != map.Length) throw new ArgumentException("original and map must hold n rows");
        if (k < 1 || k >= n / 2.0) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, n/2) for n = {n}");
        var penalty = new double[n];
        var kept = new double[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount },
            () => (new double[n], new double[n]),
            (i, _, buffers) =>
            {
                var (dOrig, dMap) = buffers;
                for (int j = 0; j < n; j++)
                {
                    dOrig[j] = j == i ? double.PositiveInfinity : VectorMath.SquaredDistance(original.AsSpan(i * d, d), original.AsSpan(j * d, d));
                    dMap[j] = j == i ? double.PositiveInfinity : VectorMath.SquaredDistance(map.AsSpan(i * m, m), map.AsSpan(j * m, m));
                }
                var mapNn = Nearest(dMap, k);
                var origNn = Nearest(dOrig, k);
                double p = 0;
                int common = 0;
                foreach (var j in mapNn)
                {
                    int rank = 1;
                    for (int l = 0; l < n; l++)
                        if (l != i && (dOrig[l] < dOrig[j] || (dOrig[l] == dOrig[j] && l < j))) rank++;
                    p += Math.Max(0, rank - k);
                    if (Array.IndexOf(origNn, j) >= 0) common++;
                }
                penalty[i] = p;
                kept[i] = (double)common / k;
                return buffers;
            },
            _ => { });
        double sum = 0, keptSum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += penalty[i];
            keptSum += kept[i];
        }
        double t = 1 - 2.0 / (n * (double)k * (2.0 * n - 3.0 * k - 1.0)) * sum;
        return (t, keptSum / n);
    }

    /// <summary>Indices of the k smallest values (ties by lower index).</summary>
    private static int[] Nearest(double[] values, int k)
    {
        var best = new int[k];
        var bestV = new double[k];
        int count = 0;
        for (int j = 0; j < values.Length; j++)
        {
            double v = values[j];
            if (count == k && v >= bestV[k - 1]) continue;
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && bestV[pos - 1] > v)
            {
                bestV[pos] = bestV[pos - 1];
                best[pos] = best[pos - 1];
                pos--;
            }
            bestV[pos] = v;
            best[pos] = j;
        }
        return best;
    }
}
