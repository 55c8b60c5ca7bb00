using System.Buffers;
using SimCache.Data.Progress;
using SimCache.Numerics.Linalg;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// Expectation–maximisation for Gaussian mixtures exactly as scikit-learn's GaussianMixture defines it, so that
/// BIC values and the chosen K can be compared with it: k-means initialisation (responsibilities from the labels),
/// then E-step / M-step until the mean log-likelihood changes by less than tol or max_iter is reached, n_init times,
/// keeping the run with the best lower bound. M-step: N_k = Σ r + 10·ε, means = rᵀX / N_k, covariances from
/// the centred, responsibility-weighted scatter (plus reg_covar on the diagonal), weights N_k / Σ N_k.
/// Deviations, both numerical only: the E-step centres (x − μ)·U instead of computing x·U − μ·U, and the diag and
/// tied covariances are computed from centred scatter rather than E[x²] − μ², which loses less to cancellation.
/// The heavy products are batched (see <see cref="BlockedProducts"/>) and parallel over fixed row chunks, so
/// the fit is bit-identical on any number of threads.
/// </summary>
public static class GaussianMixture
{
    /// <summary>numpy's finfo(float64).eps, which scikit-learn adds (×10) to every N_k.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Fits a mixture to the rows of <paramref name="x"/> (n × d, row-major, float64).</summary>
    /// <exception cref="InvalidOperationException">A component's covariance became singular (scikit-learn's "ill-defined empirical covariance").</exception>
    public static GaussianMixtureFit Fit(double[] x, int n, int d, GaussianMixtureOptions options, IWorkReporter? reporter = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        options.Validate(n);
        int k = options.Components;
        var random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        var logResp = new double[(long)n * k];
        var lse = new double[n];
        var resp = new double[(long)n * k];
        GaussianMixtureModel? best = null;
        double bestBound = double.NegativeInfinity;
        int bestIter = 0, bestInit = 0;
        bool bestConverged = false;
        using var task = (reporter ?? NullWorkReporter.Instance).Start(
            $"GMM {CovarianceTypes.Describe(options.CovarianceType, k, d)}", (long)options.NInit * options.MaxIter, "iterations");
        long done = 0;
        for (int init = 0; init < options.NInit; init++)
        {
            var labels = KMeans.Fit(x, n, d, k, random, maxThreads: options.MaxThreads);
            Array.Clear(resp);
            for (int i = 0; i < n; i++) resp[(long)i * k + labels[i]] = 1;
            var model = MStep(x, n, d, resp, options, weightsByCount: true);
            double bound = double.NegativeInfinity;
            bool converged = false;
            int iter = 0;
            for (iter = 1; iter <= options.MaxIter; iter++)
            {
                double previous = bound;
                MixtureMath.EStep(model, x, n, logResp, lse, options.MaxThreads, normalise: true);
                for (long i = 0; i < resp.Length; i++) resp[i] = Math.Exp(logResp[i]);
                model = MStep(x, n, d, resp, options, weightsByCount: false);
                bound = MixtureMath.OrderedMean(lse);
                task.Report(++done);
                if (Math.Abs(bound - previous) < options.Tol)
                {
                    converged = true;
                    break;
                }
            }
            if (iter > options.MaxIter) iter = options.MaxIter;
            done = (long)(init + 1) * options.MaxIter;
            task.Report(done);
            if (bound > bestBound || best is null)
            {
                best = model;
                bestBound = bound;
                bestIter = iter;
                bestInit = init;
                bestConverged = converged;
            }
        }
        double meanLl = best!.MeanLogLikelihood(x, n, options.MaxThreads);
        long p = best.ParameterCount;
        return new GaussianMixtureFit(best, n, bestBound, meanLl, p,
            CovarianceTypes.Bic(meanLl, n, p), CovarianceTypes.Aic(meanLl, n, p), bestIter, bestConverged, bestInit);
    }

    /// <summary>
    /// scikit-learn's _estimate_gaussian_parameters from responsibilities (n × K); weights are N_k / n at
    /// initialisation and N_k / Σ N_k after an E-step, as there.
    /// </summary>
    internal static GaussianMixtureModel MStep(double[] x, int n, int d, double[] resp, GaussianMixtureOptions options, bool weightsByCount)
    {
        int k = options.Components;
        int? threads = options.MaxThreads;
        var type = options.CovarianceType;
        var firstMoments = ChunkedSums.Sum(n, k * (d + 1), threads, (_, i0, rows, p) =>
        {
            for (int i = i0; i < i0 + rows; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (int c = 0; c < k; c++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0) continue;
                    var acc = p.AsSpan(c * (d + 1), d);
                    for (int l = 0; l < d; l++) acc[l] += r * row[l];
                    p[c * (d + 1) + d] += r;
                }
            }
        });
        var nk = new double[k];
        var means = new double[k][];
        double total = 0;
        for (int c = 0; c < k; c++)
        {
            nk[c] = firstMoments[c * (d + 1) + d] + 10 * MachineEpsilon;
            total += nk[c];
            means[c] = new double[d];
            for (int l = 0; l < d; l++) means[c][l] = firstMoments[c * (d + 1) + l] / nk[c];
        }
        var weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = nk[c] / (weightsByCount ? n : total);
        if (weightsByCount)
        {
            // N_k / n sums to 1 only up to the 10·ε terms; renormalise the rounding away so the model accepts them.
            double s = weights.Sum();
            for (int c = 0; c < k; c++) weights[c] /= s;
        }
        double[][] covariances = type switch
        {
            CovarianceType.Full => FullCovariances(x, n, d, resp, k, means, nk, options.RegCovar, threads),
            CovarianceType.Tied => [TiedCovariance(x, n, d, resp, k, means, nk, options.RegCovar, threads)],
            CovarianceType.Diag => DiagCovariances(x, n, d, resp, k, means, nk, options.RegCovar, threads),
            _ => SphericalVariances(DiagCovariances(x, n, d, resp, k, means, nk, options.RegCovar, threads)),
        };
        try
        {
            return new GaussianMixtureModel(type, weights, means, covariances);
        }
        catch (ArgumentException e) when (e.ParamName == "covariances")
        {
            throw new InvalidOperationException(
                "Fitting the mixture model failed because some components have ill-defined empirical covariance (for instance caused by singleton or collapsed samples): "
                + e.Message + ". Try fewer components, a larger reg_covar, or scaled input.", e);
        }
    }

    private static double[][] FullCovariances(double[] x, int n, int d, double[] resp, int k, double[][] means, double[] nk, double reg, int? threads)
    {
        var result = new double[k][];
        var buffers = new double[ChunkedSums.Chunks(n)][];
        for (int c = 0; c < k; c++)
        {
            var scatter = Scatter(x, n, d, resp, k, c, means[c], threads, buffers);
            var cov = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double v = scatter[i * d + j] / nk[c];
                    cov[i * d + j] = v;
                    cov[j * d + i] = v;
                }
            for (int i = 0; i < d; i++) cov[i * d + i] += reg;
            result[c] = cov;
        }
        return result;
    }

    private static double[] TiedCovariance(double[] x, int n, int d, double[] resp, int k, double[][] means, double[] nk, double reg, int? threads)
    {
        var buffers = new double[ChunkedSums.Chunks(n)][];
        var sum = new double[d * d];
        double total = 0;
        for (int c = 0; c < k; c++)
        {
            var scatter = Scatter(x, n, d, resp, k, c, means[c], threads, buffers);
            for (int l = 0; l < d * d; l++) sum[l] += scatter[l];
            total += nk[c];
        }
        var cov = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = sum[i * d + j] / total;
                cov[i * d + j] = v;
                cov[j * d + i] = v;
            }
        for (int i = 0; i < d; i++) cov[i * d + i] += reg;
        return cov;
    }

    /// <summary>Σ_i r_ic (x_i − μ)(x_i − μ)ᵀ, lower triangle (row-major d × d), via blocked products of weighted, transposed row batches.</summary>
    private static double[] Scatter(double[] x, int n, int d, double[] resp, int k, int c, double[] mean, int? threads, double[][] buffers)
    {
        const int batch = 256;
        return ChunkedSums.Sum(n, d * d, threads, (_, i0, rows, p) =>
        {
            var wt = ArrayPool<double>.Shared.Rent(d * batch);
            var product = ArrayPool<double>.Shared.Rent(d * d);
            for (int b0 = i0; b0 < i0 + rows; b0 += batch)
            {
                int m = Math.Min(batch, i0 + rows - b0);
                int used = 0;
                for (int i = b0; i < b0 + m; i++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0) continue;
                    double w = Math.Sqrt(r);
                    var row = x.AsSpan(i * d, d);
                    for (int l = 0; l < d; l++) wt[l * batch + used] = w * (row[l] - mean[l]);
                    used++;
                }
                if (used == 0) continue;
                BlockedProducts.MultiplyTransposed<double>(wt, d, batch, wt, d, batch, used, product, d, ProductShape.LowerOutput);
                for (int i = 0; i < d; i++)
                {
                    var src = product.AsSpan(i * d, i + 1);
                    var dst = p.AsSpan(i * d, i + 1);
                    for (int j = 0; j <= i; j++) dst[j] += src[j];
                }
            }
            ArrayPool<double>.Shared.Return(wt);
            ArrayPool<double>.Shared.Return(product);
        }, buffers);
    }

    private static double[][] DiagCovariances(double[] x, int n, int d, double[] resp, int k, double[][] means, double[] nk, double reg, int? threads)
    {
        var sums = ChunkedSums.Sum(n, k * d, threads, (_, i0, rows, p) =>
        {
            for (int i = i0; i < i0 + rows; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (int c = 0; c < k; c++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0) continue;
                    var acc = p.AsSpan(c * d, d);
                    var mu = means[c];
                    for (int l = 0; l < d; l++)
                    {
                        double t = row[l] - mu[l];
                        acc[l] += r * t * t;
                    }
                }
            }
        });
        var result = new double[k][];
        for (int c = 0; c < k; c++)
        {
            result[c] = new double[d];
            for (int l = 0; l < d; l++) result[c][l] = sums[c * d + l] / nk[c] + reg;
        }
        return result;
    }

    private static double[][] SphericalVariances(double[][] diag) =>
        diag.Select(v => new[] { v.Average() }).ToArray();
}
