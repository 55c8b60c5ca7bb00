using SimCache.Numerics.Linalg;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// scikit-learn's KMeans as GaussianMixture uses it for initialisation (n_init = 1, init = "k-means++",
/// algorithm "lloyd", max_iter 300, tol 1e-4 scaled by the mean feature variance): greedy k-means++ seeding with
/// 2 + ⌊ln K⌋ local trials, Lloyd iterations until the labels stop changing or the total squared centre shift
/// falls below tol, empty clusters moved to the points farthest from their centres, and a final assignment
/// consistent with the final centres. The data are centred first, as scikit-learn does for precision.
/// The random draws come from the caller's generator, so the result is a function of its seed (the streams
/// differ from NumPy's, so the same seed does not give scikit-learn's exact centres).
/// </summary>
public static class KMeans
{
    /// <summary>Cluster labels of the rows of <paramref name="x"/> (n × d, row-major).</summary>
    public static int[] Fit(double[] x, int n, int d, int k, Random random, int maxIter = 300, double tol = 1e-4, int? maxThreads = null)
    {
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        if (k < 1 || k > n) throw new ArgumentException($"cannot make {k} clusters of {n} points", nameof(k));
        var xc = Centre(x, n, d, out double meanVariance);
        double tolerance = meanVariance * tol;
        var sq = new double[n];
        for (int i = 0; i < n; i++) sq[i] = BlockedProducts.Dot<double>(xc.AsSpan(i * d, d), xc.AsSpan(i * d, d));
        var centers = PlusPlus(xc, n, d, k, random);
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new double[n];
        bool strict = false;
        for (int iter = 0; iter < maxIter; iter++)
        {
            Assign(xc, sq, n, d, centers, k, labels, distances, maxThreads);
            var next = Update(xc, n, d, k, labels, distances, maxThreads);
            double shift = 0;
            for (int l = 0; l < k * d; l++) shift += (next[l] - centers[l]) * (next[l] - centers[l]);
            centers = next;
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strict = true;
                break;
            }
            if (shift <= tolerance) break;
            labels.CopyTo(previous, 0);
        }
        if (!strict) Assign(xc, sq, n, d, centers, k, labels, distances, maxThreads);
        return labels;
    }

    private static double[] Centre(double[] x, int n, int d, out double meanVariance)
    {
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < d; l++) mean[l] += x[i * d + l];
        for (int l = 0; l < d; l++) mean[l] /= n;
        var xc = new double[x.Length];
        var variance = new double[d];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < d; l++)
            {
                double v = x[i * d + l] - mean[l];
                xc[i * d + l] = v;
                variance[l] += v * v;
            }
        double s = 0;
        for (int l = 0; l < d; l++) s += variance[l] / n;
        meanVariance = s / d;
        return xc;
    }

    /// <summary>Greedy k-means++ (scikit-learn's _kmeans_plusplus).</summary>
    private static double[] PlusPlus(double[] xc, int n, int d, int k, Random random)
    {
        var centers = new double[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = random.Next(n);
        xc.AsSpan(first * d, d).CopyTo(centers.AsSpan(0, d));
        var closest = new double[n];
        DistancesTo(xc, n, d, first, closest);
        double potential = Sum(closest);
        var cumulative = new double[n];
        var candidate = new double[n];
        var best = new double[n];
        for (int c = 1; c < k; c++)
        {
            double acc = 0;
            for (int i = 0; i < n; i++) cumulative[i] = acc += closest[i];
            double bestPotential = double.PositiveInfinity;
            int bestId = -1;
            for (int t = 0; t < trials; t++)
            {
                double r = random.NextDouble() * potential;
                int id = SearchSorted(cumulative, r);
                DistancesTo(xc, n, d, id, candidate);
                for (int i = 0; i < n; i++) candidate[i] = Math.Min(candidate[i], closest[i]);
                double pot = Sum(candidate);
                if (pot < bestPotential)
                {
                    bestPotential = pot;
                    bestId = id;
                    candidate.CopyTo(best, 0);
                }
            }
            potential = bestPotential;
            best.CopyTo(closest, 0);
            xc.AsSpan(bestId * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    /// <summary>numpy.searchsorted(side="left"), clipped to the last index.</summary>
    private static int SearchSorted(double[] cumulative, double value)
    {
        int lo = 0, hi = cumulative.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return Math.Min(lo, cumulative.Length - 1);
    }

    private static void DistancesTo(double[] xc, int n, int d, int row, double[] output)
    {
        var center = xc.AsSpan(row * d, d);
        for (int i = 0; i < n; i++) output[i] = VectorMath.SquaredDistance(xc.AsSpan(i * d, d), center);
    }

    private static double Sum(double[] v)
    {
        double s = 0;
        foreach (var t in v) s += t;
        return s;
    }

    /// <summary>Nearest centre of each row by ‖x‖² + ‖c‖² − 2x·c (ties to the lower centre), with that squared distance.</summary>
    private static void Assign(double[] xc, double[] sq, int n, int d, double[] centers, int k, int[] labels, double[] distances, int? maxThreads)
    {
        var cn = new double[k];
        for (int c = 0; c < k; c++) cn[c] = BlockedProducts.Dot<double>(centers.AsSpan(c * d, d), centers.AsSpan(c * d, d));
        const int batch = 256;
        int batches = (n + batch - 1) / batch;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount },
            () => new double[batch * k],
            (b, _, dots) =>
            {
                int i0 = b * batch, rows = Math.Min(batch, n - i0);
                BlockedProducts.MultiplyTransposed<double>(xc.AsSpan(i0 * d, rows * d), rows, d, centers, k, d, d, dots, k);
                for (int r = 0; r < rows; r++)
                {
                    int best = 0;
                    double bestD = double.PositiveInfinity;
                    for (int c = 0; c < k; c++)
                    {
                        double v = cn[c] - 2 * dots[r * k + c];
                        if (v < bestD) { bestD = v; best = c; }
                    }
                    labels[i0 + r] = best;
                    distances[i0 + r] = Math.Max(0, bestD + sq[i0 + r]);
                }
                return dots;
            },
            _ => { });
    }

    /// <summary>New centres as label means; empty clusters take the points farthest from their centres (scikit-learn's relocation).</summary>
    private static double[] Update(double[] xc, int n, int d, int k, int[] labels, double[] distances, int? maxThreads)
    {
        int stride = d + 1;
        var sums = ChunkedSums.Sum(n, k * stride, maxThreads, (_, i0, rows, p) =>
        {
            for (int i = i0; i < i0 + rows; i++)
            {
                int c = labels[i];
                var row = xc.AsSpan(i * d, d);
                var acc = p.AsSpan(c * stride, d);
                for (int l = 0; l < d; l++) acc[l] += row[l];
                p[c * stride + d] += 1;
            }
        });
        var empty = Enumerable.Range(0, k).Where(c => sums[c * stride + d] == 0).ToArray();
        if (empty.Length > 0)
        {
            var far = Enumerable.Range(0, n).OrderByDescending(i => distances[i]).ThenBy(i => i).Take(empty.Length).ToArray();
            for (int e = 0; e < empty.Length; e++)
            {
                int i = far[e], from = labels[i], to = empty[e];
                var row = xc.AsSpan(i * d, d);
                for (int l = 0; l < d; l++)
                {
                    sums[from * stride + l] -= row[l];
                    sums[to * stride + l] = row[l];
                }
                sums[from * stride + d] -= 1;
                sums[to * stride + d] = 1;
            }
        }
        var centers = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            double count = sums[c * stride + d];
            for (int l = 0; l < d; l++) centers[c * d + l] = count > 0 ? sums[c * stride + l] / count : 0;
        }
        return centers;
    }
}
