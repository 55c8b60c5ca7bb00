using SimCache.Numerics.Vectors;
using SimCache.Numerics.Pca;

namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// A cheap, provably safe pre-test for "d(x, y) ≤ θ" over all pairs of a trace: project the prepared vectors
/// onto R = 16 directions and compare the projected distance with a bound that no pair within θ can exceed.
/// Learned embeddings keep most of their variance in a few directions (the RecVAE traces: 16 principal axes
/// of 200 carry ~90 %), so a 16-float comparison discards 96–99 % of the pairs (the default experiment's
/// θ = 6–10) that a 200-float distance would have examined, and the static-greedy coverage pass spends its
/// time on the few pairs that matter.
/// <para>
/// <b>Why it never drops a covered pair.</b> Let P be the R×d float projection (the leading principal axes of a
/// sample of the vectors; the first coordinates when d ≤ R or the eigen-solver fails — any P is valid, the
/// axes only make the test sharp) and G = P·Pᵀ computed in double. Then ‖P(x − y)‖ ≤ σ‖x − y‖ with
/// σ² ≤ max_i Σ_j |G_ij| (Gershgorin). A projected coordinate computed in float by the canonical dot product is off by at most
/// γ_d·‖p_k‖·‖x‖ (γ_n = nu/(1 − nu), u = 2⁻²⁴), so the computed projection ŷ_x is within
/// e_x = γ_d·√(tr G)·‖x‖ of P·x. The decision that counts is the float distance of <see cref="Keys.KeyStore"/>
/// compared with θ; it can accept a pair whose true Euclidean gap is up to ρ = r(θ)·(1 + 4γ_(d+4)), r(θ) = θ
/// (L2) or √(2θ) (cosine, on unit vectors). Hence every accepted pair has ‖ŷ_x − ŷ_y‖ ≤ σρ + e_x + e_y, and
/// the float sum of the R squared differences exceeds that squared by at most a factor 1 + 2γ_(R+3). The
/// bound used is that product times 1.0001, rounded up to a float; a pair above it is certainly beyond θ, and
/// every other pair is decided by the exact distance, so the coverage is the one an all-pairs scan finds.
/// </para>
/// </summary>
internal sealed class ProjectionFilter
{
    /// <summary>Directions projected on (the filter's cost per pair, in floats).</summary>
    public const int Components = 16;

    /// <summary>Vectors sampled (evenly spaced) for the principal axes.</summary>
    internal const int SampleRows = 1024;

    private const double Unit = 1.0 / (1 << 24);
    private readonly float[] _p;
    private readonly double _sigmaRho, _errorPerNorm, _sumFactor;

    private ProjectionFilter(float[] p, int rank, int dimension, DistanceMetric metric, double threshold)
    {
        _p = p;
        Rank = rank;
        Dimension = dimension;
        var g = new double[rank * rank];
        for (int i = 0; i < rank; i++)
            for (int j = 0; j < rank; j++)
            {
                double s = 0;
                for (int l = 0; l < dimension; l++) s += (double)p[i * dimension + l] * p[j * dimension + l];
                g[i * rank + j] = s;
            }
        double rowMax = 0, trace = 0;
        for (int i = 0; i < rank; i++)
        {
            double row = 0;
            for (int j = 0; j < rank; j++) row += Math.Abs(g[i * rank + j]);
            rowMax = Math.Max(rowMax, row);
            trace += g[i * rank + i];
        }
        double sigma = Math.Sqrt(rowMax) * (1 + 1e-9);
        double radius = metric == DistanceMetric.Cosine ? Math.Sqrt(2 * threshold) : threshold;
        double rho = radius * (1 + 4 * Gamma(dimension + 4));
        _sigmaRho = sigma * rho;
        _errorPerNorm = Gamma(dimension) * Math.Sqrt(trace) * (1 + 1e-9);
        _sumFactor = (1 + 2 * Gamma(rank + 3)) * 1.0001;
    }

    /// <summary>R: the projected length.</summary>
    public int Rank { get; }

    public int Dimension { get; }

    /// <summary>
    /// The filter for pairs among and against <paramref name="rows"/> prepared vectors (row-major): projected on
    /// the leading principal axes of an evenly spaced sample of them (the first R coordinates when d ≤ R).
    /// </summary>
    public static ProjectionFilter Create(ReadOnlySpan<float> prepared, int rows, int dimension, DistanceMetric metric, double threshold)
    {
        if (threshold < 0 || double.IsNaN(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be ≥ 0");
        int rank = Math.Min(Components, dimension);
        var p = new float[rank * dimension];
        bool axes = false;
        if (dimension > Components && rows >= 2)
        {
            int s = Math.Min(rows, SampleRows);
            var sample = new double[(long)s * dimension];
            for (int i = 0; i < s; i++)
            {
                var v = prepared.Slice((int)((long)i * rows / s) * dimension, dimension);
                for (int l = 0; l < dimension; l++) sample[(long)i * dimension + l] = v[l];
            }
            PcaSpectrum? pca = null;
            try
            {
                pca = PcaSpectrum.Compute(sample, s, dimension);
            }
            catch (ArithmeticException)
            {
                // The eigen-solver did not converge: any projection is valid, the coordinate one below will do.
            }
            axes = pca is not null;
            for (int k = 0; k < rank && axes; k++)
                for (int l = 0; l < dimension; l++)
                {
                    double x = pca!.Vectors[k][l];
                    if (!double.IsFinite(x)) { axes = false; break; }
                    p[k * dimension + l] = (float)x;
                }
        }
        if (!axes)
        {
            Array.Clear(p);
            for (int k = 0; k < rank; k++) p[k * dimension + k] = 1;
        }
        return new ProjectionFilter(p, rank, dimension, metric, threshold);
    }

    /// <summary>Projects <paramref name="rows"/> prepared vectors (row-major) into <c>output[row·R + k]</c>.</summary>
    public void Project(ReadOnlySpan<float> prepared, int rows, Span<float> output) =>
        VectorKernels.DotBlock(prepared[..(rows * Dimension)], rows, _p, Rank, Dimension, output, Rank);

    /// <summary>
    /// The largest computed squared projected distance a pair within θ can show, for a vector of squared norm
    /// <paramref name="norm2"/> against vectors whose squared norms are at most <paramref name="maxOtherNorm2"/>
    /// (both as <see cref="DistanceMetrics.Prepare"/> returns them); +∞ when the bound does not fit a float.
    /// </summary>
    public float Bound(float norm2, float maxOtherNorm2)
    {
        double normFactor = 1 + 2 * Gamma(Dimension);
        double e = _errorPerNorm * (Math.Sqrt(norm2 * normFactor) + Math.Sqrt(maxOtherNorm2 * normFactor));
        double t = _sigmaRho + e;
        double t2 = t * t * _sumFactor;
        if (!(t2 < float.MaxValue)) return float.PositiveInfinity;
        float f = (float)t2;
        return f < t2 ? MathF.BitIncrement(f) : f;
    }

    private static double Gamma(int n) => n * Unit / (1 - n * Unit);
}
