namespace SimCache.Numerics.Linalg;

/// <summary>
/// Cholesky factorisation and triangular inversion of small dense symmetric matrices (d × d, row-major, float64):
/// what the GMM needs to turn a covariance into the Cholesky factor of its precision, as scikit-learn does.
/// </summary>
public static class Cholesky
{
    /// <summary>Lower-triangular L with A = L·Lᵀ into <paramref name="lower"/> (upper part zeroed); false if A is not positive definite.</summary>
    public static bool TryDecompose(ReadOnlySpan<double> a, int n, Span<double> lower)
    {
        if (a.Length < n * n || lower.Length < n * n) throw new ArgumentException("matrices must hold n·n values");
        lower[..(n * n)].Clear();
        for (int j = 0; j < n; j++)
        {
            double s = a[j * n + j];
            var rowJ = lower.Slice(j * n, j);
            for (int p = 0; p < j; p++) s -= rowJ[p] * rowJ[p];
            if (!(s > 0) || !double.IsFinite(s)) return false;
            double ljj = Math.Sqrt(s);
            lower[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double t = a[i * n + j];
                var rowI = lower.Slice(i * n, j);
                for (int p = 0; p < j; p++) t -= rowI[p] * rowJ[p];
                lower[i * n + j] = t / ljj;
            }
        }
        return true;
    }

    /// <summary>L⁻¹ of a lower-triangular L (forward substitution against the identity); lower-triangular too.</summary>
    public static void InvertLower(ReadOnlySpan<double> lower, int n, Span<double> inverse)
    {
        inverse[..(n * n)].Clear();
        for (int c = 0; c < n; c++)
        {
            inverse[c * n + c] = 1.0 / lower[c * n + c];
            for (int i = c + 1; i < n; i++)
            {
                double s = 0;
                for (int p = c; p < i; p++) s += lower[i * n + p] * inverse[p * n + c];
                inverse[i * n + c] = -s / lower[i * n + i];
            }
        }
    }
}
