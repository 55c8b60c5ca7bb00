using SimCache.Numerics.Linalg;
using SimCache.Numerics.Synthetic;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// A fitted Gaussian mixture: weights, means and covariances in scikit-learn's layout, with the Cholesky factors of
/// the precisions derived once so that log-densities are stable and cheap. It is what the geometry report fits,
/// what gmm.json stores, and what the caching stage loads to place keys and to draw synthetic requests.
/// Covariance layouts: full, K arrays of d·d (row-major); diag, K arrays of d variances; tied, one array of d·d;
/// spherical, K arrays of one variance. The constructor refuses non-finite values, weights that are not a
/// distribution and covariances that are not positive definite (<see cref="ArgumentException"/> naming the field).
/// </summary>
public sealed class GaussianMixtureModel
{
    private const double Log2Pi = 1.8378770664093453;

    public GaussianMixtureModel(CovarianceType type, double[] weights, double[][] means, double[][] covariances)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        int k = weights.Length;
        if (k < 1) throw new ArgumentException("weights: a mixture needs at least one component", nameof(weights));
        if (means.Length != k) throw new ArgumentException($"means: {means.Length} rows for {k} weights", nameof(means));
        int d = means[0]?.Length ?? 0;
        if (d < 1) throw new ArgumentException("means: rows must be non-empty", nameof(means));
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            if (!double.IsFinite(weights[c]) || weights[c] < 0) throw new ArgumentException($"weights[{c}] = {weights[c]} is not a finite non-negative number", nameof(weights));
            sum += weights[c];
            if (means[c] is null || means[c].Length != d) throw new ArgumentException($"means[{c}] has {means[c]?.Length ?? 0} values, expected {d}", nameof(means));
            for (int l = 0; l < d; l++)
                if (!double.IsFinite(means[c][l])) throw new ArgumentException($"means[{c}][{l}] is not finite", nameof(means));
        }
        if (Math.Abs(sum - 1) > 1e-6) throw new ArgumentException($"weights sum to {sum}, not 1", nameof(weights));
        int blocks = type == CovarianceType.Tied ? 1 : k;
        int size = type switch { CovarianceType.Full or CovarianceType.Tied => d * d, CovarianceType.Diag => d, _ => 1 };
        if (covariances.Length != blocks) throw new ArgumentException($"covariances: {covariances.Length} entries, expected {blocks} for {CovarianceTypes.Name(type)}", nameof(covariances));
        Type = type;
        Components = k;
        Dimension = d;
        Weights = weights;
        Means = means;
        Covariances = covariances;
        PrecisionFactors = new double[blocks][];
        CovarianceFactors = new double[blocks][];
        LogDetPrecision = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            var cov = covariances[b];
            if (cov is null || cov.Length != size) throw new ArgumentException($"covariances[{b}] has {cov?.Length ?? 0} values, expected {size}", nameof(covariances));
            for (int l = 0; l < size; l++)
                if (!double.IsFinite(cov[l])) throw new ArgumentException($"covariances[{b}] holds a non-finite value", nameof(covariances));
            if (size == d * d)
            {
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < i; j++)
                        if (Math.Abs(cov[i * d + j] - cov[j * d + i]) > 1e-9 * (Math.Abs(cov[i * d + j]) + Math.Abs(cov[j * d + i])) + 1e-300)
                            throw new ArgumentException($"covariances[{b}] is not symmetric at ({i}, {j})", nameof(covariances));
                var lower = new double[d * d];
                if (!Cholesky.TryDecompose(cov, d, lower))
                    throw new ArgumentException($"covariances[{b}] is not positive definite (Cholesky failed)", nameof(covariances));
                var inv = new double[d * d];
                Cholesky.InvertLower(lower, d, inv);
                double logDet = 0;
                for (int i = 0; i < d; i++) logDet -= Math.Log(lower[i * d + i]);
                CovarianceFactors[b] = lower;
                PrecisionFactors[b] = inv;
                LogDetPrecision[b] = logDet;
            }
            else
            {
                var pc = new double[size];
                var sd = new double[size];
                double logDet = 0;
                for (int l = 0; l < size; l++)
                {
                    if (!(cov[l] > 0)) throw new ArgumentException($"covariances[{b}][{l}] = {cov[l]} is not positive", nameof(covariances));
                    sd[l] = Math.Sqrt(cov[l]);
                    pc[l] = 1.0 / sd[l];
                    logDet += Math.Log(pc[l]);
                }
                CovarianceFactors[b] = sd;
                PrecisionFactors[b] = pc;
                LogDetPrecision[b] = type == CovarianceType.Spherical ? logDet * d : logDet;
            }
        }
        LogWeights = new double[k];
        for (int c = 0; c < k; c++) LogWeights[c] = Math.Log(weights[c]);
    }

    public CovarianceType Type { get; }

    public int Components { get; }

    public int Dimension { get; }

    public double[] Weights { get; }

    public double[][] Means { get; }

    /// <summary>Per the layout in the type's summary.</summary>
    public double[][] Covariances { get; }

    /// <summary>Full/tied: L⁻¹ (lower, row-major) with Σ = L·Lᵀ, i.e. the transpose of scikit-learn's precisions_cholesky_; diag/spherical: 1/σ.</summary>
    internal double[][] PrecisionFactors { get; }

    /// <summary>Full/tied: L; diag/spherical: σ.</summary>
    internal double[][] CovarianceFactors { get; }

    /// <summary>log det of the precision Cholesky factor per covariance block (scikit-learn's log_det).</summary>
    internal double[] LogDetPrecision { get; }

    internal double[] LogWeights { get; }

    public long ParameterCount => CovarianceTypes.ParameterCount(Type, Components, Dimension);

    /// <summary>log p(x) for one point.</summary>
    public double LogDensity(ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension) throw new ArgumentException($"x has {x.Length} values, the model's dimension is {Dimension}", nameof(x));
        var logProb = new double[Components];
        var scratch = new MixtureScratch(1, Dimension);
        MixtureMath.WeightedLogProb(this, x, 1, logProb, scratch);
        return MixtureMath.LogSumExp(logProb);
    }

    /// <summary>log p(x_i) for each row of <paramref name="x"/> (n × d, row-major).</summary>
    public double[] ScoreSamples(double[] x, int n, int? maxThreads = null)
    {
        var logProb = new double[(long)n * Components];
        var lse = new double[n];
        MixtureMath.EStep(this, x, n, logProb, lse, maxThreads, normalise: false);
        return lse;
    }

    /// <summary>Mean log-likelihood of the rows (scikit-learn's <c>score</c>).</summary>
    public double MeanLogLikelihood(double[] x, int n, int? maxThreads = null)
    {
        var lse = ScoreSamples(x, n, maxThreads);
        return MixtureMath.OrderedMean(lse);
    }

    /// <summary>The most responsible component of each row (scikit-learn's <c>predict</c>).</summary>
    public int[] Predict(double[] x, int n, int? maxThreads = null)
    {
        var logProb = new double[(long)n * Components];
        MixtureMath.EStep(this, x, n, logProb, new double[n], maxThreads, normalise: false);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < Components; c++)
                if (logProb[(long)i * Components + c] > logProb[(long)i * Components + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>
    /// −Σ_i Σ_c r_ic·ln r_ic over the rows of <paramref name="x"/>: how far the soft assignment is from a hard one (0
    /// when every point belongs to one component for sure). Twice this, added to BIC, is the integrated completed
    /// likelihood (ICL, Biernacki, Celeux and Govaert 2000), which charges a mixture for components that overlap.
    /// </summary>
    public double AssignmentEntropy(double[] x, int n, int? maxThreads = null)
    {
        var logResp = new double[(long)n * Components];
        MixtureMath.EStep(this, x, n, logResp, new double[n], maxThreads, normalise: true);
        double total = 0;
        for (long i = 0; i < logResp.Length; i++)
        {
            double l = logResp[i];
            if (l > double.NegativeInfinity) total -= Math.Exp(l) * l;
        }
        return total;
    }

    public double Bic(double[] x, int n) => CovarianceTypes.Bic(MeanLogLikelihood(x, n), n, ParameterCount);

    public double Aic(double[] x, int n) => CovarianceTypes.Aic(MeanLogLikelihood(x, n), n, ParameterCount);

    /// <summary>
    /// <paramref name="count"/> points drawn from the mixture with a seeded generator, grouped by component as
    /// scikit-learn's <c>sample</c> returns them (component counts are multinomial), with each point's component.
    /// </summary>
    public (double[] Points, int[] Labels) Sample(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        int d = Dimension;
        var perComponent = new int[Components];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble(), acc = 0;
            int c = 0;
            for (; c < Components - 1; c++)
            {
                acc += Weights[c];
                if (u < acc) break;
            }
            perComponent[c]++;
        }
        var points = new double[(long)count * d];
        var labels = new int[count];
        var z = new double[d];
        int row = 0;
        for (int c = 0; c < Components; c++)
        {
            int b = Type == CovarianceType.Tied ? 0 : c;
            var factor = CovarianceFactors[b];
            for (int s = 0; s < perComponent[c]; s++, row++)
            {
                for (int l = 0; l < d; l++) z[l] = StandardNormal.Next(random);
                var p = points.AsSpan(row * d, d);
                for (int i = 0; i < d; i++)
                {
                    double v = Means[c][i];
                    switch (Type)
                    {
                        case CovarianceType.Full or CovarianceType.Tied:
                            for (int j = 0; j <= i; j++) v += factor[i * d + j] * z[j];
                            break;
                        case CovarianceType.Diag:
                            v += factor[i] * z[i];
                            break;
                        default:
                            v += factor[0] * z[i];
                            break;
                    }
                    p[i] = v;
                }
                labels[row] = c;
            }
        }
        return (points, labels);
    }

    internal static double Log2PiConstant => Log2Pi;
}
