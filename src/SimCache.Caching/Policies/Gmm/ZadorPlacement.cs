using SimCache.Numerics.Linalg;
using SimCache.Numerics.Mixture;
using SimCache.Numerics.Synthetic;

namespace SimCache.Caching.Policies.Gmm;

/// <summary>
/// Where K keys should stand for requests drawn from a Gaussian mixture (docs/METHODS.md §2.5,
/// §3 "GMM-aware placement"): by Zador's theorem the optimal point density of K quantisers for E min‖X − c‖^r
/// is ∝ f^a with a = d/(d + r), here r = 2. For one component N(m, Σ) that density is N(m, Σ·(d + r)/d), and
/// ∫ (w·N(x; m, Σ))^a dx ∝ w^a · det(Σ)^{(1−a)/2} (the constant is the same for every component), so
/// component c gets keys ∝ w_c^a · det(Σ_c)^{(1−a)/2} — treating the components as separate, which is what the
/// reference's rule says.
/// <para>
/// <b>Numerics.</b> det Σ of a 200-dimensional covariance under- or overflows a double, so the shares are
/// computed in log space — log det from the Cholesky factor (2·Σ log L_ii; Σ log σ² for diagonal covariances) —
/// and normalised by log-sum-exp. Integer counts follow the largest-remainder rule: every component first gets
/// ⌊K·p_c⌋, the keys left go one each to the largest remainders; remainders within 1e-9 of each other count as
/// tied and ties go to the lowest component index (so a split that is even on paper does not depend on
/// rounding); a component of weight 0 gets no key.
/// </para>
/// <para>
/// <b>Sampling.</b> Keys are drawn component by component (in index order, each its count), each key from d
/// standard normals z (Box–Muller on the caller's seeded <see cref="Random"/>, in coordinate order) as
/// x = m_c + √((d + r)/d)·L_c z, L_c the Cholesky factor of Σ_c (σ for diagonal and spherical covariances). The
/// products L·z are computed for blocks of keys at once with the geometry stage's blocked kernel, whose entries
/// depend only on their two rows, so the keys are bit-identical on any number of threads.
/// </para>
/// </summary>
public static class ZadorPlacement
{
    /// <summary>The exponent r of the distortion E min‖X − c‖^r (squared error).</summary>
    public const int R = 2;

    /// <summary>Remainders closer than this are tied (then the lowest component wins).</summary>
    public const double TieTolerance = 1e-9;

    private const int Chunk = 512, Block = 64;

    /// <summary>a = d/(d + r): the power of the density the keys follow.</summary>
    public static double Exponent(int d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        return (double)d / (d + R);
    }

    /// <summary>The factor (d + r)/d applied to each component's covariance.</summary>
    public static double CovarianceScale(int d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        return (double)(d + R) / d;
    }

    /// <summary>log det Σ_c of each component (full and tied covariances through their Cholesky factor).</summary>
    public static double[] LogDeterminants(GaussianMixtureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var factors = Factors(model);
        int dim = model.Dimension;
        var result = new double[model.Components];
        for (int c = 0; c < model.Components; c++)
        {
            var f = factors[model.Type == CovarianceType.Tied ? 0 : c];
            double s = 0;
            switch (model.Type)
            {
                case CovarianceType.Full or CovarianceType.Tied:
                    for (int i = 0; i < dim; i++) s += Math.Log(f[i * dim + i]);
                    break;
                case CovarianceType.Diag:
                    for (int i = 0; i < dim; i++) s += Math.Log(f[i]);
                    break;
                default:
                    s = dim * Math.Log(f[0]);
                    break;
            }
            result[c] = 2 * s; // the factors are standard deviations: det Σ = (Π L_ii)²
        }
        return result;
    }

    /// <summary>
    /// The share of keys of each component, p_c ∝ w_c^a · det(Σ_c)^{(1−a)/2} with a = d/(d + r), from the
    /// weights and log-determinants; computed in log space.
    /// </summary>
    public static double[] Shares(ReadOnlySpan<double> weights, ReadOnlySpan<double> logDets, int d)
    {
        if (weights.Length != logDets.Length || weights.Length == 0) throw new ArgumentException("one weight and one log-determinant per component, at least one component");
        double a = Exponent(d);
        var log = new double[weights.Length];
        double max = double.NegativeInfinity;
        for (int c = 0; c < log.Length; c++)
        {
            if (!(weights[c] >= 0) || !double.IsFinite(logDets[c])) throw new ArgumentException($"component {c}: weight {weights[c]}, log det {logDets[c]}");
            log[c] = weights[c] == 0 ? double.NegativeInfinity : a * Math.Log(weights[c]) + (1 - a) / 2 * logDets[c];
            max = Math.Max(max, log[c]);
        }
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("every weight is 0", nameof(weights));
        double sum = 0;
        for (int c = 0; c < log.Length; c++) sum += log[c] = Math.Exp(log[c] - max);
        for (int c = 0; c < log.Length; c++) log[c] /= sum;
        return log;
    }

    /// <summary>Keys per component: <paramref name="total"/> split by <see cref="Shares"/> with largest remainders.</summary>
    public static int[] Allocate(ReadOnlySpan<double> weights, ReadOnlySpan<double> logDets, int d, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var p = Shares(weights, logDets, d);
        int k = p.Length;
        var counts = new int[k];
        var remainder = new double[k];
        var taken = new bool[k];
        int left = total;
        for (int c = 0; c < k; c++)
        {
            double quota = total * p[c];
            counts[c] = (int)Math.Min(Math.Floor(quota), left);
            remainder[c] = quota - counts[c];
            left -= counts[c];
            taken[c] = p[c] == 0;
        }
        while (left > 0)
        {
            if (Array.TrueForAll(taken, t => t))
                for (int c = 0; c < k; c++) taken[c] = p[c] == 0; // only reachable through rounding: deal again
            double best = double.NegativeInfinity;
            for (int c = 0; c < k; c++) if (!taken[c]) best = Math.Max(best, remainder[c]);
            int pick = 0;
            while (taken[pick] || remainder[pick] < best - TieTolerance) pick++;
            taken[pick] = true;
            counts[pick]++;
            left--;
        }
        return counts;
    }

    /// <summary>Keys per component of <paramref name="model"/> for <paramref name="total"/> keys, exponent from <paramref name="d"/>.</summary>
    public static int[] Allocate(GaussianMixtureModel model, int d, int total) =>
        Allocate(model.Weights, LogDeterminants(model), d, total);

    /// <summary>
    /// Draws the keys: <paramref name="counts"/>[c] points from N(m_c, Σ_c·(d + r)/d) for each component in
    /// order, into <paramref name="dest"/> (row-major, Σ counts × dimension, as float).
    /// </summary>
    public static void Sample(GaussianMixtureModel model, ReadOnlySpan<int> counts, int d, Random random, Span<float> dest, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        int dim = model.Dimension;
        if (counts.Length != model.Components) throw new ArgumentException($"{counts.Length} counts for {model.Components} components", nameof(counts));
        long rowsTotal = 0;
        foreach (int n in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            rowsTotal += n;
        }
        if (dest.Length != rowsTotal * dim) throw new ArgumentException($"expected {rowsTotal}×{dim} floats", nameof(dest));
        double scale = Math.Sqrt(CovarianceScale(d));
        var factors = Factors(model);
        var z = new double[Chunk * dim];
        var x = new double[Chunk * dim];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        long row = 0;
        for (int c = 0; c < model.Components; c++)
        {
            var f = factors[model.Type == CovarianceType.Tied ? 0 : c];
            var mean = model.Means[c];
            for (int start = 0; start < counts[c]; start += Chunk)
            {
                int rows = Math.Min(Chunk, counts[c] - start);
                for (int i = 0; i < rows * dim; i++) z[i] = StandardNormal.Next(random);
                switch (model.Type)
                {
                    case CovarianceType.Full or CovarianceType.Tied:
                        // x_i = L z_i for every row: X = Z·Lᵀ, L lower triangular, in blocks of rows over threads.
                        Parallel.For(0, (rows + Block - 1) / Block, options, b =>
                        {
                            int i0 = b * Block, m = Math.Min(Block, rows - i0);
                            BlockedProducts.MultiplyTransposed<double>(z.AsSpan(i0 * dim, m * dim), m, dim, f, dim, dim, dim,
                                x.AsSpan(i0 * dim, m * dim), dim, ProductShape.LowerTriangularB);
                        });
                        break;
                    case CovarianceType.Diag:
                        for (int i = 0; i < rows; i++)
                            for (int l = 0; l < dim; l++) x[i * dim + l] = f[l] * z[i * dim + l];
                        break;
                    default:
                        for (int i = 0; i < rows * dim; i++) x[i] = f[0] * z[i];
                        break;
                }
                var outRows = dest.Slice((int)(row * dim), rows * dim);
                for (int i = 0; i < rows; i++)
                    for (int l = 0; l < dim; l++) outRows[i * dim + l] = (float)(mean[l] + scale * x[i * dim + l]);
                row += rows;
            }
        }
    }

    /// <summary>Per covariance block: the lower Cholesky factor L (full, tied) or the standard deviations σ (diag, spherical).</summary>
    private static double[][] Factors(GaussianMixtureModel model)
    {
        int dim = model.Dimension;
        var result = new double[model.Covariances.Length][];
        for (int b = 0; b < result.Length; b++)
        {
            var cov = model.Covariances[b];
            if (model.Type is CovarianceType.Full or CovarianceType.Tied)
            {
                var lower = new double[dim * dim];
                if (!Cholesky.TryDecompose(cov, dim, lower))
                    throw new ArgumentException($"covariances[{b}] is not positive definite", nameof(model));
                result[b] = lower;
            }
            else result[b] = cov.Select(Math.Sqrt).ToArray();
        }
        return result;
    }
}
