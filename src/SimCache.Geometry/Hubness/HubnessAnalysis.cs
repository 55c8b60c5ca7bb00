using SimCache.Geometry.Neighbors;

namespace SimCache.Geometry.Hubness;

/// <summary>
/// Hubness (Radovanović et al. 2010): N_k(x), how often x is among the others' k nearest neighbours, has mean k;
/// in high intrinsic dimension its distribution grows a long right tail (a few hubs near many points, many
/// anti-hubs near none). Hubs are natural cache keys, since a cached hub is close to many requests. Skewness is
/// the population form E[(N − k)³] / σ³.
/// </summary>
public static class HubnessAnalysis
{
    public static HubnessEstimate Estimate(KnnGraph graph, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.Count;
        var occ = new int[n];
        foreach (var j in graph.Indices) occ[j]++;
        double mean = (double)graph.K, m2 = 0, m3 = 0;
        int anti = 0, max = 0;
        foreach (var o in occ)
        {
            double t = o - mean;
            m2 += t * t;
            m3 += t * t * t;
            if (o == 0) anti++;
            max = Math.Max(max, o);
        }
        m2 /= n;
        m3 /= n;
        double skew = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
        var hubs = Enumerable.Range(0, n).OrderByDescending(i => occ[i]).ThenBy(i => i).Take(Math.Min(top, n)).ToArray();
        return new HubnessEstimate(graph.K, skew, (double)anti / n, max, hubs, hubs.Select(i => occ[i]).ToArray(), occ);
    }
}
