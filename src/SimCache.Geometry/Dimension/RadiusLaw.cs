using MathNet.Numerics;
using SimCache.Geometry.Neighbors;

namespace SimCache.Geometry.Dimension;

/// <summary>
/// Intrinsic dimension from how neighbour distances grow with k (docs/METHODS.md §2.2): under a locally uniform density
/// in dimension d, λ·V_d·R(k)^d ~ Gamma(k, 1), so E[log R(k)] = (ψ(k) − log(λ V_d)) / d. Regressing the mean of
/// log R(k) over points on the digamma ψ(k) (not on log k, whose slope is biased at small k) gives slope 1/d.
/// </summary>
public static class RadiusLaw
{
    public static RadiusLawEstimate Estimate(KnnGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int k = graph.K, n = graph.Count;
        if (k < 2) throw new ArgumentException("the radius law needs at least 2 neighbours", nameof(graph));
        var x = new double[k];
        var y = new double[k];
        for (int j = 0; j < k; j++) x[j] = SpecialFunctions.DiGamma(j + 1);
        for (int i = 0; i < n; i++)
        {
            var dist = graph.DistancesOf(i);
            for (int j = 0; j < k; j++) y[j] += Math.Log(dist[j]);
        }
        for (int j = 0; j < k; j++) y[j] /= n;
        var (slope, intercept, r2) = LeastSquares.Line(x, y);
        return new RadiusLawEstimate(1.0 / slope, slope, intercept, r2, x, y);
    }
}
