using SimCache.Data.Progress;
using SimCache.Geometry.Neighbors;
using SimCache.Numerics.Pca;

namespace SimCache.Geometry.Tsne;

/// <summary>
/// Barnes–Hut t-SNE (van der Maaten 2014) following scikit-learn's implementation step by step: exact
/// ⌊3·perplexity⌋ + 1 nearest neighbours, per-point binary search of the Gaussian precision to the target entropy
/// log(perplexity) on squared distances, P symmetrised and normalised, PCA initialisation scaled to standard
/// deviation 1e-4, gradient descent with momentum and per-coordinate gains (+0.2 / ×0.8, at least 0.01), early
/// exaggeration, attractive forces over P's sparse entries and repulsive forces from a quadtree with θ. Each
/// point's forces are computed independently in parallel and sums are taken in point order, so the map is the
/// same on any number of threads.
/// </summary>
public static class BarnesHutTsne
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Embeds the rows of <paramref name="x"/> (n × d, float32) in 2-D.</summary>
    public static TsneResult Embed(float[] x, int n, int d, TsneOptions? options = null, IWorkReporter? reporter = null) =>
        Embed(x, n, d, null, options, reporter);

    /// <summary>Neighbours t-SNE uses: ⌊3·perplexity⌋ + 1, at most n − 1.</summary>
    public static int NeighboursFor(int n, double perplexity) => Math.Min(n - 1, (int)(3 * perplexity + 1));

    /// <summary>
    /// As <see cref="Embed(float[], int, int, TsneOptions?, IWorkReporter?)"/>, on a k-NN graph of the same rows computed
    /// beforehand (at least <see cref="NeighboursFor"/> per point; its nearest are used), so a caller that needs the
    /// neighbours for other maps searches once.
    /// </summary>
    public static TsneResult Embed(float[] x, int n, int d, KnnGraph? knn, TsneOptions? options = null, IWorkReporter? reporter = null)
    {
        options ??= new TsneOptions();
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        if (n < 3) throw new ArgumentException("t-SNE needs at least 3 points", nameof(n));
        if (!(options.Perplexity > 0)) throw new ArgumentOutOfRangeException(nameof(options), "perplexity must be positive");
        reporter ??= NullWorkReporter.Instance;
        int k = NeighboursFor(n, options.Perplexity);
        if (knn is not null && (knn.Count != n || knn.K < k)) throw new ArgumentException($"the k-NN graph must cover the {n} points with at least {k} neighbours each", nameof(knn));
        var graph = knn?.Prefix(k) ?? ExactKnn.Compute(x, n, d, k, reporter, options.MaxThreads, "t-SNE neighbours");
        var (rowStart, cols, vals) = JointProbabilities(graph, options.Perplexity, options.MaxThreads);
        var y = PcaInit(x, n, d);
        double rate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4, 50);
        using var task = reporter.Start("t-SNE (Barnes–Hut)", options.MaxIter, "iterations");
        var state = new Optimiser(n, rowStart, cols, vals, options, task);
        int exploration = Math.Min(options.ExaggerationIterations, options.MaxIter);
        for (int e = 0; e < vals.Length; e++) vals[e] *= options.EarlyExaggeration;
        int it = state.Run(y, 0, exploration, 0.5, rate);
        for (int e = 0; e < vals.Length; e++) vals[e] /= options.EarlyExaggeration;
        if (options.MaxIter > exploration) it = state.Run(y, it + 1, options.MaxIter, 0.8, rate);
        return new TsneResult(y, n, state.LastError, it + 1, rate);
    }

    /// <summary>Conditional P by binary search on each row, then P = (P + Pᵀ) / ΣP as a CSR matrix (rows sorted by column).</summary>
    internal static (int[] RowStart, int[] Cols, double[] Vals) JointProbabilities(KnnGraph graph, double perplexity, int? maxThreads)
    {
        int n = graph.Count, k = graph.K;
        var conditional = new double[n * k];
        double desired = Math.Log(perplexity);
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount }, i =>
            BinarySearch(graph.DistancesOf(i), desired, conditional.AsSpan(i * k, k)));
        var triplets = new List<(int Row, int Col, double Val)>(2 * n * k);
        for (int i = 0; i < n; i++)
        {
            var nb = graph.NeighborsOf(i);
            for (int c = 0; c < k; c++)
            {
                triplets.Add((i, nb[c], conditional[i * k + c]));
                triplets.Add((nb[c], i, conditional[i * k + c]));
            }
        }
        triplets.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Col.CompareTo(b.Col));
        var rowStart = new int[n + 1];
        var cols = new List<int>(triplets.Count);
        var vals = new List<double>(triplets.Count);
        for (int t = 0; t < triplets.Count; t++)
        {
            var (r, c, v) = triplets[t];
            if (t > 0 && triplets[t - 1].Row == r && triplets[t - 1].Col == c)
            {
                vals[^1] += v;
                continue;
            }
            cols.Add(c);
            vals.Add(v);
            rowStart[r + 1]++;
        }
        for (int r = 1; r <= n; r++) rowStart[r] += rowStart[r - 1];
        double sum = 0;
        foreach (var v in vals) sum += v;
        sum = Math.Max(sum, MachineEpsilon);
        var result = vals.ToArray();
        for (int e = 0; e < result.Length; e++) result[e] /= sum;
        return (rowStart, cols.ToArray(), result);
    }

    /// <summary>scikit-learn's _binary_search_perplexity for one row of (Euclidean) neighbour distances.</summary>
    private static void BinarySearch(ReadOnlySpan<double> distances, double desiredEntropy, Span<double> p)
    {
        const double tolerance = 1e-5;
        const double epsilonDouble = 1e-8;
        int k = distances.Length;
        Span<double> sq = stackalloc double[k];
        for (int j = 0; j < k; j++) sq[j] = distances[j] * distances[j];
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
        for (int step = 0; step < 100; step++)
        {
            double sumP = 0;
            for (int j = 0; j < k; j++)
            {
                p[j] = Math.Exp(-sq[j] * beta);
                sumP += p[j];
            }
            if (sumP == 0) sumP = epsilonDouble;
            double sumDistP = 0;
            for (int j = 0; j < k; j++)
            {
                p[j] /= sumP;
                sumDistP += sq[j] * p[j];
            }
            double entropy = Math.Log(sumP) + beta * sumDistP;
            double diff = entropy - desiredEntropy;
            if (Math.Abs(diff) <= tolerance) break;
            if (diff > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    /// <summary>The first two principal components, scaled so the first has standard deviation 1e-4 (scikit-learn's init="pca").</summary>
    private static double[] PcaInit(float[] x, int n, int d)
    {
        var xd = new double[x.Length];
        for (long i = 0; i < x.Length; i++) xd[i] = x[i];
        var pca = PcaSpectrum.Compute(xd, n, d);
        var y = new double[2 * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 2; c++)
            {
                double s = 0;
                var v = pca.Vectors[Math.Min(c, pca.Vectors.Length - 1)];
                for (int l = 0; l < d; l++) s += (xd[i * d + l] - pca.Mean[l]) * v[l];
                y[2 * i + c] = s;
            }
        double mean = 0, var0 = 0;
        for (int i = 0; i < n; i++) mean += y[2 * i];
        mean /= n;
        for (int i = 0; i < n; i++) var0 += (y[2 * i] - mean) * (y[2 * i] - mean);
        double sd = Math.Sqrt(var0 / n);
        double scale = sd > 0 ? 1e-4 / sd : 1;
        for (int i = 0; i < y.Length; i++) y[i] *= scale;
        return y;
    }

    /// <summary>scikit-learn's _gradient_descent with the Barnes–Hut KL gradient; update and gains restart at each stage.</summary>
    private sealed class Optimiser(int n, int[] rowStart, int[] cols, double[] vals, TsneOptions options, IWorkTask task)
    {
        private readonly QuadTree _tree = new(n);
        private readonly double[] _grad = new double[2 * n];
        private readonly double[] _sumQ = new double[n];
        private readonly double[] _klTerms = new double[n];

        public double LastError { get; private set; } = double.NaN;

        public int Run(double[] y, int first, int end, double momentum, double rate)
        {
            var update = new double[2 * n];
            var gains = new double[2 * n];
            Array.Fill(gains, 1.0);
            double bestError = double.PositiveInfinity;
            int bestIter = first, i = first;
            for (; i < end; i++)
            {
                bool check = (i + 1) % 50 == 0 || i == end - 1;
                double error = Gradient(y, check);
                for (int c = 0; c < 2 * n; c++)
                {
                    double g = _grad[c];
                    gains[c] = update[c] * g < 0 ? gains[c] + 0.2 : gains[c] * 0.8;
                    if (gains[c] < 0.01) gains[c] = 0.01;
                    g *= gains[c];
                    _grad[c] = g;
                    update[c] = momentum * update[c] - rate * g;
                    y[c] += update[c];
                }
                task.Report(i + 1);
                if (!check) continue;
                LastError = error;
                double norm = 0;
                foreach (var g in _grad) norm += g * g;
                if (error < bestError)
                {
                    bestError = error;
                    bestIter = i;
                }
                else if (i - bestIter > options.IterationsWithoutProgress) break;
                if (Math.Sqrt(norm) <= options.MinGradNorm) break;
            }
            return Math.Min(i, end - 1);
        }

        /// <summary>Fills the gradient 4·(F_attr − F_rep / Z); returns the KL divergence when asked (else NaN).</summary>
        private double Gradient(double[] y, bool withError)
        {
            _tree.Rebuild(y, n);
            double theta2 = options.Theta * options.Theta;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads ?? Environment.ProcessorCount };
            Parallel.For(0, (n + 255) / 256, parallel, b =>
            {
                Span<int> stack = stackalloc int[512];
                for (int i = b * 256; i < Math.Min(n, b * 256 + 256); i++)
                {
                    _tree.Repulsion(i, theta2, stack, out double fx, out double fy, out double sq);
                    _grad[2 * i] = fx;
                    _grad[2 * i + 1] = fy;
                    _sumQ[i] = sq;
                }
            });
            double z = 0;
            for (int i = 0; i < n; i++) z += _sumQ[i];
            Parallel.For(0, (n + 255) / 256, parallel, b =>
            {
                for (int i = b * 256; i < Math.Min(n, b * 256 + 256); i++)
                {
                    double px = y[2 * i], py = y[2 * i + 1], ax = 0, ay = 0, kl = 0;
                    for (int e = rowStart[i]; e < rowStart[i + 1]; e++)
                    {
                        int j = cols[e];
                        double dx = px - y[2 * j], dy = py - y[2 * j + 1];
                        double q = 1.0 / (1.0 + dx * dx + dy * dy);
                        double pq = vals[e] * q;
                        ax += pq * dx;
                        ay += pq * dy;
                        if (withError)
                        {
                            double pij = Math.Max(vals[e], MachineEpsilon);
                            kl += vals[e] * Math.Log(pij / Math.Max(q / z, MachineEpsilon));
                        }
                    }
                    _grad[2 * i] = 4 * (ax - _grad[2 * i] / z);
                    _grad[2 * i + 1] = 4 * (ay - _grad[2 * i + 1] / z);
                    _klTerms[i] = kl;
                }
            });
            if (!withError) return double.NaN;
            double total = 0;
            for (int i = 0; i < n; i++) total += _klTerms[i];
            return total;
        }
    }
}
