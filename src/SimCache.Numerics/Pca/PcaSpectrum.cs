using MathNet.Numerics.LinearAlgebra;
using SimCache.Numerics.Linalg;

namespace SimCache.Numerics.Pca;

/// <summary>
/// Principal components of a point set: eigenvalues of the sample covariance (descending) with their eigenvectors.
/// The spectrum shows how many directions carry the variance (a linear counterpart of the intrinsic dimension);
/// the leading vectors give t-SNE its PCA initialisation. Eigenvector signs are fixed (largest-magnitude loading
/// positive) so the output is reproducible.
/// </summary>
public sealed class PcaSpectrum
{
    private PcaSpectrum(double[] eigenvalues, double[][] vectors, double[] mean)
    {
        Eigenvalues = eigenvalues;
        Vectors = vectors;
        Mean = mean;
        double total = eigenvalues.Sum();
        ExplainedRatio = eigenvalues.Select(v => total > 0 ? v / total : 0).ToArray();
        double sq = eigenvalues.Sum(v => v * v);
        ParticipationRatio = sq > 0 ? total * total / sq : 0;
    }

    /// <summary>Variances along the principal axes, largest first (covariance with divisor n − 1).</summary>
    public double[] Eigenvalues { get; }

    public double[] ExplainedRatio { get; }

    /// <summary>Unit principal axes, in eigenvalue order.</summary>
    public double[][] Vectors { get; }

    public double[] Mean { get; }

    /// <summary>(Σλ)² / Σλ²: the number of equally strong directions that would give the same spread.</summary>
    public double ParticipationRatio { get; }

    /// <summary>The fewest leading components whose explained variance reaches <paramref name="share"/>.</summary>
    public int ComponentsFor(double share)
    {
        double acc = 0;
        for (int i = 0; i < ExplainedRatio.Length; i++)
        {
            acc += ExplainedRatio[i];
            if (acc >= share - 1e-12) return i + 1;
        }
        return ExplainedRatio.Length;
    }

    /// <summary>The spectrum of the rows of <paramref name="x"/> (n × d, row-major).</summary>
    public static PcaSpectrum Compute(double[] x, int n, int d)
    {
        if ((long)n * d != x.Length) throw new ArgumentException($"x holds {x.Length} values, expected {n}·{d}", nameof(x));
        if (n < 2) throw new ArgumentException("PCA needs at least 2 points", nameof(n));
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < d; l++) mean[l] += x[i * d + l];
        for (int l = 0; l < d; l++) mean[l] /= n;
        // Covariance = Xcᵀ·Xc / (n − 1), as blocked products of transposed row batches.
        const int batch = 256;
        var cov = new double[d * d];
        var product = new double[d * d];
        var xt = new double[d * batch];
        for (int b0 = 0; b0 < n; b0 += batch)
        {
            int m = Math.Min(batch, n - b0);
            for (int i = 0; i < m; i++)
                for (int l = 0; l < d; l++) xt[l * batch + i] = x[(b0 + i) * d + l] - mean[l];
            BlockedProducts.MultiplyTransposed<double>(xt, d, batch, xt, d, batch, m, product, d, ProductShape.LowerOutput);
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++) cov[i * d + j] += product[i * d + j];
        }
        var matrix = Matrix<double>.Build.Dense(d, d, (i, j) => (i >= j ? cov[i * d + j] : cov[j * d + i]) / (n - 1));
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();
        var values = order.Select(i => Math.Max(0, evd.EigenValues[i].Real)).ToArray();
        var vectors = order.Select(i =>
        {
            var v = evd.EigenVectors.Column(i).ToArray();
            int arg = 0;
            for (int l = 1; l < d; l++) if (Math.Abs(v[l]) > Math.Abs(v[arg])) arg = l;
            if (v[arg] < 0) for (int l = 0; l < d; l++) v[l] = -v[l];
            return v;
        }).ToArray();
        return new PcaSpectrum(values, vectors, mean);
    }
}
