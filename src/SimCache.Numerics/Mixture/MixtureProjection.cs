using System.Globalization;
using SimCache.Numerics.Pca;

namespace SimCache.Numerics.Mixture;

/// <summary>
/// The linear map between the embedding space (d dimensions) and the space a mixture was fitted in (the m leading
/// principal components): z = P·(x − μ) and back x = μ + Pᵀ·z, with P the m × d matrix of orthonormal principal
/// axes. A mixture fitted on 200-dimensional embeddings of a few thousand users is dominated by its parameter count
/// (a full covariance alone costs d(d+1)/2 = 20,100 numbers per component), so BIC prefers one component whatever the
/// data; fitted on the leading components it sees the directions that carry the variance, with far fewer parameters.
/// gmm.json stores this map so that every consumer (gmm-placement) works with the same mixture: it draws in the
/// mixture's space and maps the points back with <c>Reconstruct</c>. The rows of P must be orthonormal (within
/// 1e-6), since only then is <c>Reconstruct</c> the inverse of <c>Project</c> on the subspace.
/// </summary>
public sealed class MixtureProjection
{
    /// <summary>Largest tolerated |PPᵀ − I| entry: the axes come from a symmetric eigendecomposition in float64.</summary>
    public const double OrthonormalityTolerance = 1e-6;

    /// <exception cref="ArgumentException">Shapes disagree, a value is not finite, or the axes are not orthonormal (naming the field).</exception>
    public MixtureProjection(double[] mean, double[][] components, double explainedVariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(components);
        int d = mean.Length, m = components.Length;
        if (d < 1) throw new ArgumentException("mean: must hold at least one value", nameof(mean));
        if (m < 1 || m > d) throw new ArgumentException($"components: {m} axes for {d} dimensions (need 1..{d})", nameof(components));
        for (int l = 0; l < d; l++)
            if (!double.IsFinite(mean[l])) throw new ArgumentException($"mean[{l}] is not finite", nameof(mean));
        for (int c = 0; c < m; c++)
        {
            if (components[c] is null || components[c].Length != d)
                throw new ArgumentException($"components[{c}] has {components[c]?.Length ?? 0} values, expected {d}", nameof(components));
            for (int l = 0; l < d; l++)
                if (!double.IsFinite(components[c][l])) throw new ArgumentException($"components[{c}][{l}] is not finite", nameof(components));
        }
        for (int a = 0; a < m; a++)
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int l = 0; l < d; l++) dot += components[a][l] * components[b][l];
                if (Math.Abs(dot - (a == b ? 1 : 0)) > OrthonormalityTolerance)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"components are not orthonormal: row {a} · row {b} = {dot:G6}"), nameof(components));
            }
        if (!(explainedVariance > 0 && explainedVariance <= 1 + 1e-9))
            throw new ArgumentException($"explained_variance must be in (0, 1], got {explainedVariance}", nameof(explainedVariance));
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
    }

    /// <summary>μ: the mean of the points the axes were computed from (d values).</summary>
    public double[] Mean { get; }

    /// <summary>P: m unit, mutually orthogonal axes of d values each, leading first.</summary>
    public double[][] Components { get; }

    /// <summary>Share of the total variance along the kept axes.</summary>
    public double ExplainedVariance { get; }

    /// <summary>d: the embedding space's dimension.</summary>
    public int EmbeddingDimension => Mean.Length;

    /// <summary>m: the dimension the mixture lives in.</summary>
    public int Dimension => Components.Length;

    /// <summary>The m leading axes of <paramref name="pca"/>, keeping <paramref name="components"/> of them.</summary>
    public static MixtureProjection FromPca(PcaSpectrum pca, int components)
    {
        ArgumentNullException.ThrowIfNull(pca);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, pca.Vectors.Length);
        double kept = 0;
        for (int c = 0; c < components; c++) kept += pca.ExplainedRatio[c];
        return new MixtureProjection((double[])pca.Mean.Clone(), pca.Vectors.Take(components).Select(v => (double[])v.Clone()).ToArray(),
            Math.Clamp(kept, double.Epsilon, 1));
    }

    /// <summary>z = P·(x − μ) for one point.</summary>
    public void Project(ReadOnlySpan<double> x, Span<double> z)
    {
        int d = EmbeddingDimension, m = Dimension;
        if (x.Length != d) throw new ArgumentException($"x has {x.Length} values, expected {d}", nameof(x));
        if (z.Length != m) throw new ArgumentException($"z has {z.Length} values, expected {m}", nameof(z));
        for (int c = 0; c < m; c++)
        {
            var axis = Components[c];
            double s = 0;
            for (int l = 0; l < d; l++) s += axis[l] * (x[l] - Mean[l]);
            z[c] = s;
        }
    }

    /// <summary>The rows of <paramref name="x"/> (n × d, row-major) projected: n × m, row-major.</summary>
    public double[] Project(double[] x, int n)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = EmbeddingDimension, m = Dimension;
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        var z = new double[(long)n * m];
        for (int i = 0; i < n; i++) Project(x.AsSpan(i * d, d), z.AsSpan(i * m, m));
        return z;
    }

    /// <summary>x = μ + Pᵀ·z for one point.</summary>
    public void Reconstruct(ReadOnlySpan<double> z, Span<double> x)
    {
        int d = EmbeddingDimension, m = Dimension;
        if (z.Length != m) throw new ArgumentException($"z has {z.Length} values, expected {m}", nameof(z));
        if (x.Length != d) throw new ArgumentException($"x has {x.Length} values, expected {d}", nameof(x));
        Mean.CopyTo(x);
        for (int c = 0; c < m; c++)
        {
            var axis = Components[c];
            double w = z[c];
            for (int l = 0; l < d; l++) x[l] += w * axis[l];
        }
    }

    /// <summary>
    /// Maps <paramref name="rows"/> points of the mixture's space (row-major, m values each, as float) to the embedding
    /// space (d values each) into <paramref name="dest"/>.
    /// </summary>
    public void Reconstruct(ReadOnlySpan<float> z, int rows, Span<float> dest)
    {
        int d = EmbeddingDimension, m = Dimension;
        if (z.Length != (long)rows * m) throw new ArgumentException($"expected {rows}×{m} values", nameof(z));
        if (dest.Length != (long)rows * d) throw new ArgumentException($"expected {rows}×{d} values", nameof(dest));
        var zi = new double[m];
        var xi = new double[d];
        for (int i = 0; i < rows; i++)
        {
            for (int c = 0; c < m; c++) zi[c] = z[i * m + c];
            Reconstruct(zi, xi);
            for (int l = 0; l < d; l++) dest[i * d + l] = (float)xi[l];
        }
    }
}
