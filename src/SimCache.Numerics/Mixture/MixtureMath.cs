using SimCache.Numerics.Linalg;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// The E-step arithmetic, as scikit-learn defines it and batched for speed: for each component the rows are
/// centred and whitened with the precision's Cholesky factor in one blocked product per batch
/// (<c>y = (x − μ)·U</c>, U triangular), log N = −½(d·log 2π + ‖y‖²) + log det U, plus log w, and rows are
/// normalised by log-sum-exp. Batches of rows run in parallel, each writing only its rows, and sums are taken in
/// row order, so results do not depend on threads.
/// </summary>
internal static class MixtureMath
{
    public const int Batch = 256;

    /// <summary>log w_k + log N(x_i | k) for <paramref name="rows"/> rows into logProb (rows × K).</summary>
    public static void WeightedLogProb(GaussianMixtureModel model, ReadOnlySpan<double> x, int rows, Span<double> logProb, MixtureScratch scratch)
    {
        int d = model.Dimension, k = model.Components;
        double constant = d * GaussianMixtureModel.Log2PiConstant;
        var centred = scratch.Centred.AsSpan(0, rows * d);
        var whitened = scratch.Whitened.AsSpan(0, rows * d);
        for (int c = 0; c < k; c++)
        {
            var mean = model.Means[c];
            int b = model.Type == CovarianceType.Tied ? 0 : c;
            var factor = model.PrecisionFactors[b];
            for (int i = 0; i < rows; i++)
            {
                var src = x.Slice(i * d, d);
                var dst = centred.Slice(i * d, d);
                for (int l = 0; l < d; l++) dst[l] = src[l] - mean[l];
            }
            switch (model.Type)
            {
                case CovarianceType.Full or CovarianceType.Tied:
                    BlockedProducts.MultiplyTransposed<double>(centred, rows, d, factor, d, d, d, whitened, d, ProductShape.LowerTriangularB);
                    for (int i = 0; i < rows; i++)
                    {
                        var y = whitened.Slice(i * d, d);
                        logProb[i * k + c] = Quadratic(y, -0.5, constant, model.LogDetPrecision[b], model.LogWeights[c]);
                    }
                    break;
                case CovarianceType.Diag:
                    for (int i = 0; i < rows; i++)
                    {
                        var y = centred.Slice(i * d, d);
                        for (int l = 0; l < d; l++) y[l] *= factor[l];
                        logProb[i * k + c] = Quadratic(y, -0.5, constant, model.LogDetPrecision[b], model.LogWeights[c]);
                    }
                    break;
                default:
                    for (int i = 0; i < rows; i++)
                    {
                        var y = centred.Slice(i * d, d);
                        for (int l = 0; l < d; l++) y[l] *= factor[0];
                        logProb[i * k + c] = Quadratic(y, -0.5, constant, model.LogDetPrecision[b], model.LogWeights[c]);
                    }
                    break;
            }
        }
    }

    private static double Quadratic(ReadOnlySpan<double> y, double half, double constant, double logDet, double logWeight) =>
        half * (constant + BlockedProducts.Dot(y, y)) + logDet + logWeight;

    /// <summary>
    /// Weighted log-probabilities of all rows (n × K) and their log-sum-exp per row; with
    /// <paramref name="normalise"/>, logProb becomes the log-responsibilities.
    /// </summary>
    public static void EStep(GaussianMixtureModel model, double[] x, int n, double[] logProb, double[] lse, int? maxThreads, bool normalise)
    {
        int d = model.Dimension, k = model.Components;
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        int batches = (n + Batch - 1) / Batch;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount },
            () => new MixtureScratch(Batch, d),
            (bi, _, scratch) =>
            {
                int i0 = bi * Batch, rows = Math.Min(Batch, n - i0);
                var lp = logProb.AsSpan(i0 * k, rows * k);
                WeightedLogProb(model, x.AsSpan(i0 * d, rows * d), rows, lp, scratch);
                for (int i = 0; i < rows; i++)
                {
                    var row = lp.Slice(i * k, k);
                    double s = LogSumExp(row);
                    lse[i0 + i] = s;
                    if (normalise)
                        for (int c = 0; c < k; c++) row[c] -= s;
                }
                return scratch;
            },
            _ => { });
    }

    /// <summary>log Σ exp(v), stable (max shift); −∞ for an all −∞ row.</summary>
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = double.NegativeInfinity;
        foreach (var t in v) if (t > max) max = t;
        if (double.IsNegativeInfinity(max)) return max;
        double s = 0;
        foreach (var t in v) s += Math.Exp(t - max);
        return max + Math.Log(s);
    }

    /// <summary>Mean in index order (deterministic).</summary>
    public static double OrderedMean(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var t in v) s += t;
        return s / v.Length;
    }
}
