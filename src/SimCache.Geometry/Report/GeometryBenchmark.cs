using System.Diagnostics;
using System.Globalization;
using SimCache.Data.Progress;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Neighbors;
using SimCache.Numerics.Synthetic;

namespace SimCache.Geometry.Report;

/// <summary>
/// The speed figures the geometry stage is judged by (exact k-NN and GMM K = 1..max on n × d), measured on a seeded
/// synthetic mixture: 5 isotropic Gaussian components with N(0, 1) means and standard deviations 0.5..1.5, so the
/// EM iterations resemble those on clustered embeddings. Prints one line per step with its wall time and the
/// process's CPU time (on a shared machine the CPU time divided by the cores is the fairer figure).
/// </summary>
public static class GeometryBenchmark
{
    public static void Run(int n, int d, int k, int gmmMax, int gmmInit, CovarianceType type, bool knn, bool gmm, long seed,
        TextWriter output, IWorkReporter? reporter = null, int? maxThreads = null, bool maps = false)
    {
        reporter ??= NullWorkReporter.Instance;
        var random = new Random(GeometryReport.SubSeed(seed, 20));
        var x = new float[(long)n * d];
        var means = new double[5 * d];
        for (int i = 0; i < means.Length; i++) means[i] = StandardNormal.Next(random);
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(5);
            double s = 0.5 + 0.25 * c;
            for (int l = 0; l < d; l++) x[(long)i * d + l] = (float)(means[c * d + l] + s * StandardNormal.Next(random));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {n:N0} × {d} (5-component Gaussian mixture), {Environment.ProcessorCount} cores, threads {maxThreads?.ToString(CultureInfo.InvariantCulture) ?? "all"}"));
        if (knn)
        {
            var clock = Stopwatch.StartNew();
            var cpu = Cpu();
            var g = ExactKnn.Compute(x, n, d, k, reporter, maxThreads);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exact {k}-NN of {n:N0} × {d}: {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU ({g.FallbackQueries} queries rescanned in float64)"));
        }
        if (maps) Maps(x, n, d, seed, output, reporter, maxThreads);
        if (gmm)
        {
            var xd = new double[x.Length];
            for (long i = 0; i < x.Length; i++) xd[i] = x[i];
            var total = Stopwatch.StartNew();
            var totalCpu = Cpu();
            for (int c = 1; c <= gmmMax; c++)
            {
                var clock = Stopwatch.StartNew();
                var cpu = Cpu();
                var fit = GaussianMixture.Fit(xd, n, d, new GaussianMixtureOptions { Components = c, CovarianceType = type, NInit = gmmInit, Seed = seed, MaxThreads = maxThreads }, reporter);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"GMM {CovarianceTypes.Name(type)} K = {c}: {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU, {fit.Iterations} iterations (best init), BIC {fit.Bic:F1}, converged {fit.Converged}"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GMM {CovarianceTypes.Name(type)} K = 1..{gmmMax}, n_init {gmmInit}, on {n:N0} × {d}: {total.Elapsed.TotalSeconds:F1} s wall, {Cpu() - totalCpu:F1} s CPU"));
        }
    }

    /// <summary>
    /// The t-SNE and UMAP maps of the same points, as the stage runs them: one exact search for t-SNE's ⌊3·30⌋ + 1
    /// neighbours, whose nearest 14 UMAP reuses, then each layout on its own clock.
    /// </summary>
    private static void Maps(float[] x, int n, int d, long seed, TextWriter output, IWorkReporter reporter, int? maxThreads)
    {
        var tsneOptions = new Tsne.TsneOptions { Perplexity = Math.Min(30, (n - 1) / 3.0), MaxThreads = maxThreads };
        var umapOptions = new Umap.UmapOptions { Seed = seed, MaxThreads = maxThreads };
        int k = Math.Max(Tsne.BarnesHutTsne.NeighboursFor(n, tsneOptions.Perplexity), umapOptions.Neighbors - 1);
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        var graph = ExactKnn.Compute(x, n, d, k, reporter, maxThreads, "map neighbours");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"map {k}-NN of {n:N0} × {d} (shared): {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU"));
        clock.Restart();
        cpu = Cpu();
        var t = Tsne.BarnesHutTsne.Embed(x, n, d, graph, tsneOptions, reporter);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"t-SNE layout ({t.Iterations} iterations): {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU"));
        clock.Restart();
        cpu = Cpu();
        var u = Umap.UmapEmbedding.Embed(x, n, d, graph, umapOptions, reporter);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UMAP layout ({u.Epochs} epochs, {u.Edges:N0} edges): {clock.Elapsed.TotalSeconds:F1} s wall, {Cpu() - cpu:F1} s CPU"));
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
