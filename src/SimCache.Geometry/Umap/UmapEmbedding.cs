using SimCache.Data.Progress;
using SimCache.Geometry.Neighbors;
using SimCache.Numerics.Pca;

namespace SimCache.Geometry.Umap;

/// <summary>
/// UMAP (McInnes, Healy &amp; Melville 2018, "UMAP: Uniform Manifold Approximation and Projection for Dimension
/// Reduction", arXiv:1802.03426) in 2-D, following the reference implementation umap-learn: the fuzzy simplicial set
/// on the exact k-NN (<see cref="FuzzySimplicialSet"/>), edges weaker than w_max / n_epochs dropped (they would never
/// be sampled), a and b fitted from min_dist and spread (<see cref="UmapCurve"/>), and the SGD layout
/// (<see cref="UmapLayout"/>).
/// Initialisation: PCA, not the reference's spectral default. A spectral start needs the two smallest non-trivial
/// eigenvectors of the graph Laplacian, a sparse eigenproblem the numerics here have no robust solver for (the
/// reference itself falls back to random when its sparse solver fails, and a disconnected k-NN graph — separate
/// clusters, exactly what a map is for — makes the small eigenvalues degenerate). PCA is umap-learn's init="pca",
/// deterministic, and keeps the global arrangement that a random start loses (Kobak &amp; Linderman 2021). The two
/// leading components are scaled to a largest coordinate of 10, given N(0, 10⁻⁴) noise from the seed (so coincident
/// projections separate), then each axis is rescaled to [0, 10] as the reference does before optimising.
/// </summary>
public static class UmapEmbedding
{
    /// <summary>
    /// Embeds the rows of <paramref name="x"/> (n × d, float32) in 2-D. <paramref name="knn"/>: the exact k-NN of those
    /// rows, at least <c>Neighbors − 1</c> per point (the nearest are used; null: computed here).
    /// </summary>
    public static UmapResult Embed(float[] x, int n, int d, KnnGraph? knn = null, UmapOptions? options = null, IWorkReporter? reporter = null)
    {
        options ??= new UmapOptions();
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        if (n < 3) throw new ArgumentException("UMAP needs at least 3 points", nameof(n));
        if (options.Neighbors < 2) throw new ArgumentOutOfRangeException(nameof(options), "UMAP needs at least 2 neighbours (the point and one other)");
        if (options.NegativeSampleRate < 0) throw new ArgumentOutOfRangeException(nameof(options), "the negative sample rate must not be negative");
        reporter ??= NullWorkReporter.Instance;
        int neighbors = Math.Min(options.Neighbors, n);
        int k = neighbors - 1;
        if (knn is null) knn = ExactKnn.Compute(x, n, d, k, reporter, options.MaxThreads, "UMAP neighbours");
        else if (knn.Count != n || knn.K < k) throw new ArgumentException($"the k-NN graph must cover the {n} points with at least {k} neighbours each", nameof(knn));
        var graph = FuzzySimplicialSet.Build(knn, neighbors);
        int epochs = options.EpochsFor(n);
        graph = DropWeak(graph, epochs);
        var (a, b) = UmapCurve.Fit(options.Spread, options.MinDist);
        var (y, init) = Initialise(x, n, d, options.Seed);
        using (var task = reporter.Start("UMAP layout", epochs, "epochs"))
            UmapLayout.Optimise(y, graph, epochs, a, b, options, task);
        return new UmapResult(y, n, neighbors, a, b, epochs, graph.Edges, init);
    }

    /// <summary>Removes edges with w &lt; w_max / epochs: sampled fewer than once in the whole run (the reference does the same).</summary>
    internal static FuzzyGraph DropWeak(FuzzyGraph graph, int epochs)
    {
        double wMax = 0;
        foreach (var w in graph.Weights) wMax = Math.Max(wMax, w);
        double cut = wMax / epochs;
        var rowStart = new int[graph.Count + 1];
        var cols = new List<int>(graph.Edges);
        var vals = new List<double>(graph.Edges);
        for (int i = 0; i < graph.Count; i++)
        {
            for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
            {
                if (graph.Weights[e] < cut) continue;
                cols.Add(graph.Columns[e]);
                vals.Add(graph.Weights[e]);
            }
            rowStart[i + 1] = cols.Count;
        }
        return new FuzzyGraph(graph.Count, rowStart, [.. cols], [.. vals]);
    }

    /// <summary>PCA start scaled as the reference scales its start; a seeded uniform start when there are fewer than two directions of variance.</summary>
    internal static (double[] Y, string How) Initialise(float[] x, int n, int d, long seed)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var y = new double[2 * n];
        var xd = new double[x.Length];
        for (long i = 0; i < x.Length; i++) xd[i] = x[i];
        var pca = PcaSpectrum.Compute(xd, n, d);
        string how;
        if (d >= 2 && pca.Eigenvalues.Length >= 2 && pca.Eigenvalues[1] > 0)
        {
            how = "pca";
            for (int i = 0; i < n; i++)
                for (int c = 0; c < 2; c++)
                {
                    double s = 0;
                    var v = pca.Vectors[c];
                    for (int l = 0; l < d; l++) s += (xd[(long)i * d + l] - pca.Mean[l]) * v[l];
                    y[2 * i + c] = s;
                }
            double maxAbs = 0;
            foreach (var v in y) maxAbs = Math.Max(maxAbs, Math.Abs(v));
            double expansion = maxAbs > 0 ? 10 / maxAbs : 1;
            for (int t = 0; t < y.Length; t++) y[t] = y[t] * expansion + 1e-4 * Numerics.Synthetic.StandardNormal.Next(random);
        }
        else
        {
            how = "random";
            for (int t = 0; t < y.Length; t++) y[t] = random.NextDouble() * 20 - 10;
        }
        for (int c = 0; c < 2; c++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                lo = Math.Min(lo, y[2 * i + c]);
                hi = Math.Max(hi, y[2 * i + c]);
            }
            double scale = hi > lo ? 10 / (hi - lo) : 1;
            for (int i = 0; i < n; i++) y[2 * i + c] = (y[2 * i + c] - lo) * scale;
        }
        return (y, how);
    }
}
