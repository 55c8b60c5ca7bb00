using System.Globalization;
using SimCache.Data.Progress;
using SimCache.Numerics.Mixture;
using SimCache.Numerics.Pca;

namespace SimCache.Geometry.Mixture;

/// <summary>
/// Chooses the number of mixture components by BIC where the choice means something. Every candidate K is fitted to
/// the same points in the same space, so their BIC values are on the same footing; the space is by default the
/// leading principal components that keep 90 % of the variance, with diagonal covariances. Why: BIC charges
/// p·ln n for p parameters, and a full-covariance component in 200 dimensions has 20,301 of them; with a few thousand
/// points every K &gt; 1 costs more than it can gain, so the search ends at K = 1 on any data, even 12 well-separated
/// clusters. In the principal subspace with diagonal covariances a component costs 2m + 1 parameters.
/// The result says where and why it was fitted, and warns when the chosen K is at the edge of the searched range or a
/// component holds fewer points than it has parameters, so that a degenerate answer is never a silent finding.
/// </summary>
public static class MixtureSearch
{
    /// <summary>
    /// Fits K = 1..max to the rows of <paramref name="x"/> (n × d, row-major) and picks K by BIC; <paramref name="pca"/>
    /// is the points' spectrum if already computed (else it is computed here when the space is PCA).
    /// </summary>
    public static MixtureSearchResult Run(double[] x, int n, int d, MixtureSearchOptions options, PcaSpectrum? pca = null,
        IWorkReporter? reporter = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        if (n < 2) throw new ArgumentException("a mixture needs at least 2 points", nameof(n));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxComponents, 1);
        if (!(options.Variance > 0 && options.Variance <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Variance, "Variance must be in (0, 1]");
        reporter ??= NullWorkReporter.Instance;
        MixtureProjection? projection = null;
        double[] points = x;
        int m = d;
        if (options.Space == MixtureSpace.Pca)
        {
            pca ??= PcaSpectrum.Compute(x, n, d);
            m = Math.Max(1, pca.ComponentsFor(options.Variance));
            projection = MixtureProjection.FromPca(pca, m);
            points = projection.Project(x, n);
        }
        int kMax = Math.Min(options.MaxComponents, n - 1);
        var fits = new GaussianMixtureFit?[kMax];
        var failures = new string?[kMax];
        for (int k = 1; k <= kMax; k++)
        {
            try
            {
                fits[k - 1] = GaussianMixture.Fit(points, n, m, new GaussianMixtureOptions
                {
                    Components = k,
                    CovarianceType = options.Covariance,
                    NInit = options.NInit,
                    Seed = options.Seed,
                    MaxThreads = options.MaxThreads,
                }, reporter);
            }
            catch (InvalidOperationException e)
            {
                failures[k - 1] = e.Message;
            }
        }
        var icl = fits.Select(f => f is null ? double.NaN : f.Bic + 2 * f.Model.AssignmentEntropy(points, n, options.MaxThreads)).ToArray();
        var best = fits.Where(f => f is not null).MinBy(f => f!.Bic);
        var bestAic = fits.Where(f => f is not null).MinBy(f => f!.Aic);
        var labels = best?.Model.Predict(points, n, options.MaxThreads);
        var counts = new int[best?.Model.Components ?? 0];
        if (labels is not null) foreach (int c in labels) counts[c]++;
        long perComponent = PerComponent(options.Covariance, m);
        string reason = Reason(options, n, d, m, projection, perComponent);
        var warnings = Warnings(options, kMax, best, counts, perComponent, failures);
        return new MixtureSearchResult(fits, failures, best, bestAic, options.Space, projection, m, labels, counts, perComponent, reason, warnings, icl);
    }

    /// <summary>What one more component costs: its mean, its covariance (none for tied) and its weight.</summary>
    public static long PerComponent(CovarianceType type, int dimension) =>
        CovarianceTypes.ParameterCount(type, 2, dimension) - CovarianceTypes.ParameterCount(type, 1, dimension);

    private static string Reason(MixtureSearchOptions o, int n, int d, int m, MixtureProjection? projection, long perComponent)
    {
        var inv = CultureInfo.InvariantCulture;
        string cov = CovarianceTypes.Name(o.Covariance);
        long fullHere = PerComponent(CovarianceType.Full, d);
        string cost = string.Create(inv, $"a component costs {perComponent:N0} parameters for {n:N0} points");
        if (projection is not null)
            return string.Create(inv,
                $"fitted on the {m} leading principal components ({projection.ExplainedVariance * 100:F1} % of the variance; the fewest reaching {o.Variance * 100:F0} %) with {cov} covariances: {cost}, where a full-covariance component in all {d} dimensions would cost {fullHere:N0}, which BIC can only repay with far more points");
        return string.Create(inv, $"fitted in all {d} dimensions of the embedding space with {cov} covariances: {cost}");
    }

    private static List<string> Warnings(MixtureSearchOptions o, int kMax, GaussianMixtureFit? best, int[] counts, long perComponent, string?[] failures)
    {
        var inv = CultureInfo.InvariantCulture;
        var warnings = new List<string>();
        int failed = failures.Count(f => f is not null);
        if (best is null)
        {
            warnings.Add(string.Create(inv, $"every mixture fit (K = 1..{kMax}) failed; no K was chosen"));
            return warnings;
        }
        if (failed > 0)
            warnings.Add(string.Create(inv, $"{failed} of {kMax} mixture fits failed (ill-defined covariances) and were left out of the BIC comparison"));
        int k = best.Model.Components;
        if (kMax > 1 && k == kMax)
            warnings.Add(string.Create(inv,
                $"BIC chose K = {k}, the largest K searched (1..{kMax}): the data may hold more components; search a wider range (gmm_max / --gmm-max)"));
        else if (kMax > 1 && k == 1 && !o.ExpectSingleComponent)
            warnings.Add(string.Create(inv,
                $"BIC chose K = 1, the smallest K searched (1..{kMax}): no component structure was found in this space at this sample size; this is an absence of evidence, not a finding of one cluster"));
        var starved = Enumerable.Range(0, counts.Length).Where(c => counts[c] < perComponent).ToArray();
        if (starved.Length > 0)
            warnings.Add(string.Create(inv,
                $"{starved.Length} of {k} components hold fewer points than their {perComponent:N0} parameters (smallest: {starved.Min(c => counts[c]):N0} points): their covariances are not determined by the data"));
        return warnings;
    }
}
