using SimCache.Data.Progress;
using SimCache.Geometry.Angles;
using SimCache.Geometry.Dimension;
using SimCache.Geometry.Hubness;
using SimCache.Numerics.Linalg;
using SimCache.Geometry.Mixture;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Neighbors;
using SimCache.Numerics.Pca;
using SimCache.Geometry.Tsne;
using SimCache.Geometry.Umap;

namespace SimCache.Geometry.Report;

/// <summary>
/// Runs every analysis of the report on one point set, the same way for the embeddings and for the synthetic
/// clouds, so that each number has its reference value beside it. All randomness comes from the given seed.
/// A reference cloud (<c>referenceCloud</c>) has one component by construction: its mixture search expects K = 1
/// (no edge warning for it), and its t-SNE map is drawn in one colour, since a mixture fitted to featureless
/// points would paint structure that is not there.
/// </summary>
public static class DatasetAnalysis
{
    public const int BallCentres = 3;
    public const int AngleSamples = 200_000;
    public const int TrustworthinessK = 10;

    public static DatasetGeometry Analyse(string name, string label, float[] x, int n, int d, (int I, int J)[] projections,
        GeometryOptions options, long seed, IWorkReporter reporter, Action<string, double>? timing = null, bool referenceCloud = false)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string step)
        {
            timing?.Invoke($"{name}.{step}", clock.Elapsed.TotalSeconds);
            clock.Restart();
        }
        var xd = new double[x.Length];
        for (long i = 0; i < x.Length; i++) xd[i] = x[i];
        var norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int l = 0; l < d; l++) s += xd[i * d + l] * xd[i * d + l];
            norms[i] = Math.Sqrt(s);
        }
        var knn = ExactKnn.Compute(x, n, d, options.Knn, reporter, options.MaxThreads, $"{label}: exact {options.Knn}-NN");
        Lap("knn");
        var centres = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(Math.Min(BallCentres, n)).ToArray();
        var ballCentres = centres.Select(c => (c, Enumerable.Range(0, n).Select(j => Math.Sqrt(VectorMath.SquaredDistance(xd.AsSpan(c * d, d), xd.AsSpan(j * d, d)))).ToArray())).ToArray();
        var (axisAngles, pairAngles, zero) = AnglesOf(xd, norms, n, d, random);
        Lap("angles");
        var pca = PcaSpectrum.Compute(xd, n, d);
        Lap("pca");
        var search = MixtureSearch.Run(xd, n, d, new MixtureSearchOptions
        {
            MaxComponents = options.GmmMax,
            Covariance = options.GmmCovariance,
            Space = options.GmmSpace,
            Variance = options.GmmVariance,
            NInit = options.GmmInit,
            Seed = options.Seed,
            ExpectSingleComponent = referenceCloud,
            MaxThreads = options.MaxThreads,
        }, pca, new PrefixedReporter(reporter, label + ": "));
        Lap("gmm");
        TsneResult? tsne = null;
        UmapResult? umap = null;
        int[]? tsneRows = null;
        double trust = double.NaN, kept = double.NaN, umapTrust = double.NaN, umapKept = double.NaN;
        int nT = Math.Min(options.Tsne, n);
        if (nT >= 4 * TrustworthinessK)
        {
            tsneRows = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(nT).Order().ToArray();
            var xt = new float[nT * d];
            var xtd = new double[nT * d];
            for (int t = 0; t < nT; t++)
            {
                x.AsSpan(tsneRows[t] * d, d).CopyTo(xt.AsSpan(t * d, d));
                xd.AsSpan(tsneRows[t] * d, d).CopyTo(xtd.AsSpan(t * d, d));
            }
            var tsneOptions = new TsneOptions { Perplexity = Math.Min(30, (nT - 1) / 3.0), MaxThreads = options.MaxThreads };
            var umapOptions = new UmapOptions { Neighbors = Math.Min(options.UmapNeighbors, nT), Seed = seed, MaxThreads = options.MaxThreads };
            // One exact search serves both maps (each takes its nearest); when the map holds every sampled row, the stage's own k-NN may already be deep enough.
            int mapK = Math.Max(BarnesHutTsne.NeighboursFor(nT, tsneOptions.Perplexity), options.Umap ? umapOptions.Neighbors - 1 : 1);
            var mapKnn = nT == n && knn.K >= mapK ? knn : ExactKnn.Compute(xt, nT, d, mapK, reporter, options.MaxThreads, $"{label}: map {mapK}-NN");
            Lap("map_knn");
            tsne = BarnesHutTsne.Embed(xt, nT, d, mapKnn, tsneOptions, new PrefixedReporter(reporter, label + ": "));
            Lap("tsne");
            (trust, kept) = Trustworthiness.Compute(xtd, d, tsne.Embedding, 2, nT, TrustworthinessK, options.MaxThreads);
            Lap("tsne_trustworthiness");
            if (options.Umap)
            {
                umap = UmapEmbedding.Embed(xt, nT, d, mapKnn, umapOptions, new PrefixedReporter(reporter, label + ": "));
                Lap("umap");
                (umapTrust, umapKept) = Trustworthiness.Compute(xtd, d, umap.Embedding, 2, nT, TrustworthinessK, options.MaxThreads);
                Lap("umap_trustworthiness");
            }
        }
        return new DatasetGeometry
        {
            Name = name,
            Label = label,
            Count = n,
            Dimension = d,
            Norms = norms,
            Knn = knn,
            RadiusLaw = RadiusLaw.Estimate(knn),
            LevinaBickel = LevinaBickel.Estimate(knn),
            TwoNn = TwoNn.Estimate(knn),
            Hubness = HubnessAnalysis.Estimate(knn),
            BallCentres = ballCentres,
            AxisAngles = axisAngles,
            PairAngles = pairAngles,
            AxisKs = AngleDensity.KsDistance(axisAngles, d < 2 ? 2 : d),
            PairKs = AngleDensity.KsDistance(pairAngles, d < 2 ? 2 : d),
            ZeroVectors = zero,
            Projections = projections.Select(p => (p.I, p.J,
                Enumerable.Range(0, n).Select(i => xd[i * d + p.I]).ToArray(),
                Enumerable.Range(0, n).Select(i => xd[i * d + p.J]).ToArray())).ToArray(),
            Pca = pca,
            Gmm = search.Fits,
            GmmFailures = search.Failures,
            BestGmm = search.Best,
            BestGmmByAic = search.BestByAic,
            Labels = search.Labels,
            GmmSpace = search.Space,
            GmmProjection = search.Projection,
            GmmDimension = search.Dimension,
            GmmReason = search.Reason,
            GmmWarnings = search.Warnings,
            GmmPointsPerComponent = search.PointsPerComponent,
            GmmIcl = search.Icl,
            ColourByMixture = !referenceCloud,
            Tsne = tsne,
            TsneRows = tsneRows,
            Trustworthiness = trust,
            KnnPreservation = kept,
            Umap = umap,
            UmapTrustworthiness = umapTrust,
            UmapKnnPreservation = umapKept,
        };
    }

    /// <summary>Angles to random canonical axes and between random pairs of distinct points (zero vectors have no angle and are skipped).</summary>
    private static (double[] Axis, double[] Pair, int Zero) AnglesOf(double[] x, double[] norms, int n, int d, Random random)
    {
        var nonZero = Enumerable.Range(0, n).Where(i => norms[i] > 0).ToArray();
        int zero = n - nonZero.Length;
        if (nonZero.Length < 2) return ([], [], zero);
        int m = (int)Math.Min(AngleSamples, (long)nonZero.Length * d);
        var axis = new double[m];
        for (int t = 0; t < m; t++)
        {
            int i = nonZero[random.Next(nonZero.Length)], a = random.Next(d);
            axis[t] = Math.Acos(Math.Clamp(x[i * d + a] / norms[i], -1, 1));
        }
        long pairs = (long)nonZero.Length * (nonZero.Length - 1) / 2;
        int mp = (int)Math.Min(AngleSamples, pairs);
        var pair = new double[mp];
        for (int t = 0; t < mp; t++)
        {
            int i = nonZero[random.Next(nonZero.Length)], j;
            do j = nonZero[random.Next(nonZero.Length)]; while (j == i);
            double dot = 0;
            for (int l = 0; l < d; l++) dot += x[i * d + l] * x[j * d + l];
            pair[t] = Math.Acos(Math.Clamp(dot / (norms[i] * norms[j]), -1, 1));
        }
        Array.Sort(axis);
        Array.Sort(pair);
        return (axis, pair, zero);
    }
}
