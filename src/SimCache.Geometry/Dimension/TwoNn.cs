using SimCache.Geometry.Neighbors;

namespace SimCache.Geometry.Dimension;

/// <summary>
/// TwoNN (Facco et al. 2017; docs/METHODS.md §2.2): μ_i = r_2 / r_1 is Pareto(d) for locally uniform data, whatever the
/// density, so only the two nearest neighbours matter. Maximum likelihood: d = (N − 1) / Σ log μ_i. Fit: with
/// μ sorted and F_i = i/N, −log(1 − F_i) = d·log μ_i through the origin on the smallest 90% of μ.
/// </summary>
public static class TwoNn
{
    public static TwoNnEstimate Estimate(KnnGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.K < 2) throw new ArgumentException("TwoNN needs 2 neighbours", nameof(graph));
        int n = graph.Count;
        var logMu = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var t = graph.DistancesOf(i);
            logMu[i] = Math.Log(t[1] / t[0]);
            sum += logMu[i];
        }
        Array.Sort(logMu);
        int kept = (int)Math.Floor(0.9 * n);
        var y = new double[kept];
        for (int i = 0; i < kept; i++) y[i] = -Math.Log(1.0 - (i + 1.0) / n);
        double fit = LeastSquares.ThroughOrigin(logMu.AsSpan(0, kept), y);
        return new TwoNnEstimate((n - 1) / sum, fit, n);
    }
}
