using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// The k-NN answering cache of docs/METHODS.md §3 (AÇAI style, exact indexes) written again plainly in double:
/// full scoring, the answer from the candidates' effective costs, the gain subgradient from the sorted copies,
/// one mirror-ascent step with the KL projection computed by sorting, and systematic rounding with its own
/// offset. Returns (requests served without a fetch, total fetched items).
/// </summary>
public static class NaiveKnnCache
{
    public static (int Hits, long Fetched) Run(TraceData t, DecoderWeights dec, int h, int k, double cf, double eta, double alpha, Random rng)
    {
        int n = dec.Items, d = dec.Dimension;
        double u = rng.NextDouble();
        var y = Enumerable.Repeat((double)h / n, n).ToArray();
        var cached = Round(y, h, u);
        int hits = 0;
        long fetched = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var z = t.VectorDouble(r);
            var s = new double[n];
            for (int i = 0; i < n; i++)
            {
                double v = dec.Bias[i];
                for (int j = 0; j < d; j++) v += z[j] * dec.Weights[i * d + j];
                s[i] = v;
            }
            var byScore = Enumerable.Range(0, n).OrderByDescending(i => s[i]).ThenBy(i => i).ToList();
            var cand = byScore.Take(k).Concat(byScore.Where(i => cached[i]).Take(k)).Distinct().ToList();
            double top = cand.Max(i => s[i]), range = top - s.Min();
            if (!(range > 0)) range = 1;
            var c = cand.ToDictionary(i => i, i => Math.Pow(Math.Max(0, top - s[i]) / range, alpha));
            var answer = cand.OrderBy(i => cached[i] ? c[i] : c[i] + cf).ThenBy(i => cached[i] ? 0 : 1).ThenBy(i => i).Take(k).ToList();
            int f = answer.Count(i => !cached[i]);
            fetched += f;
            if (f == 0) hits++;

            // Copies: (cost, server?, item); subgradient over the span between an item's two copies while U < k.
            var copies = cand.SelectMany(i => new[] { (cost: c[i], server: 0, item: i), (cost: c[i] + cf, server: 1, item: i) })
                .OrderBy(x => x.cost).ThenBy(x => x.server).ThenBy(x => x.item).ToList();
            var g = cand.ToDictionary(i => i, _ => 0.0);
            var open = new HashSet<int>();
            double filled = 0;
            for (int l = 0; l + 1 < copies.Count; l++)
            {
                var cp = copies[l];
                if (cp.server == 0) { filled += y[cp.item]; open.Add(cp.item); }
                else { filled += 1 - y[cp.item]; open.Remove(cp.item); }
                if (filled >= k) break;
                double gap = copies[l + 1].cost - cp.cost;
                foreach (int o in open) g[o] += gap;
            }
            foreach (var (i, gi) in g) y[i] *= Math.Exp(Math.Min(50, eta * gi));
            y = Project(y, h);
            cached = Round(y, h, u);
        }
        return (hits, fetched);
    }

    private static double[] Project(double[] z, int h)
    {
        var order = Enumerable.Range(0, z.Length).OrderByDescending(i => z[i]).ToArray();
        double rest = z.Sum();
        for (int m = 0; m < h; m++)
        {
            double c = (h - m) / rest;
            if (c * z[order[m]] < 1) return z.Select(x => Math.Min(1, c * x)).ToArray();
            rest -= z[order[m]];
        }
        throw new InvalidOperationException("projection failed");
    }

    private static bool[] Round(double[] y, int h, double u)
    {
        var sel = new bool[y.Length];
        double lo = 0;
        int j = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double hi = lo + y[i];
            while (j < h && u + j < hi) { if (u + j >= lo) sel[i] = true; j++; }
            lo = hi;
        }
        return sel;
    }
}
