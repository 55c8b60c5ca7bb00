using SimCache.Geometry.Neighbors;

namespace SimCache.Geometry.Dimension;

/// <summary>
/// Levina–Bickel maximum-likelihood dimension (docs/METHODS.md §2.2), unbiased form: at a point with neighbour distances
/// T_1 ≤ … ≤ T_k, m_k(x) = (k − 2) / Σ_{j&lt;k} log(T_k / T_j); pooled over points by the harmonic mean
/// [(1/n) Σ 1/m_k(x_i)]⁻¹ (MacKay–Ghahramani), which averages the unbiased inverse estimates rather than the
/// biased estimates themselves. Note: E[1/m_k] = (k − 1)/((k − 2)·d), so this combination, kept as docs/METHODS.md
/// states it, is low by (k − 2)/(k − 1) (5% at k = 20); the result also carries MacKay–Ghahramani's inverse-averaged
/// form, which removes that factor. A point whose k neighbours are equidistant has 1/m = 0 and still counts.
/// </summary>
public static class LevinaBickel
{
    public static LevinaBickelEstimate Estimate(KnnGraph graph, int? k = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int kk = k ?? graph.K;
        if (kk < 3 || kk > graph.K) throw new ArgumentOutOfRangeException(nameof(k), kk, $"needs 3 ≤ k ≤ {graph.K}");
        int n = graph.Count;
        var inverse = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var t = graph.DistancesOf(i);
            double logTk = Math.Log(t[kk - 1]), s = 0;
            for (int j = 0; j < kk - 1; j++) s += logTk - Math.Log(t[j]);
            inverse[i] = s / (kk - 2);
            sum += inverse[i];
        }
        Array.Sort(inverse);
        return new LevinaBickelEstimate(n / sum, n / sum * (kk - 1) / (kk - 2), kk, 1.0 / Quantile(inverse, 0.5), 1.0 / Quantile(inverse, 0.75), 1.0 / Quantile(inverse, 0.25));
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
