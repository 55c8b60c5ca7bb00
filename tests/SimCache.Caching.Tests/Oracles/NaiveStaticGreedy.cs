using SimCache.Caching.Tests.Support;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// Static greedy by plain loops: a full boolean coverage matrix (d ≤ θ, in double), then the request covering
/// most uncovered requests, again and again (lowest row on ties; the pick order does not depend on K, so the
/// first K picks are the K-key placement), and a replay serving each request from its nearest placed key when
/// within θ.
/// </summary>
public static class NaiveStaticGreedy
{
    public static List<int> Order(TraceData t, int picks, double theta, Margins margins)
    {
        int n = t.Count;
        var v = new double[n][];
        for (int i = 0; i < n; i++) v[i] = t.VectorDouble(i);
        var cover = new bool[n][];
        for (int c = 0; c < n; c++)
        {
            cover[c] = new bool[n];
            for (int r = 0; r < n; r++)
            {
                double d = NaiveKey.Distance(v[c], v[r]);
                margins.Compare(d, theta);
                cover[c][r] = d <= theta;
            }
        }
        var covered = new bool[n];
        var used = new bool[n];
        var keys = new List<int>();
        while (keys.Count < Math.Min(picks, n))
        {
            int best = -1, bestGain = -1;
            for (int c = 0; c < n; c++)
            {
                if (used[c]) continue;
                int gain = 0;
                var row = cover[c];
                for (int r = 0; r < n; r++) if (row[r] && !covered[r]) gain++;
                if (gain > bestGain) { best = c; bestGain = gain; }
            }
            used[best] = true;
            keys.Add(best);
            for (int r = 0; r < n; r++) if (cover[best][r]) covered[r] = true;
        }
        return keys;
    }

    public static Counts Replay(TraceData t, List<int> keys, double theta)
    {
        var placed = keys.Select((row, i) => new NaiveKey(t.VectorDouble(row), t.Users[row], i)).ToList();
        int exact = 0, approx = 0, miss = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var (i, d, _) = NaiveKey.Nearest(placed, t.VectorDouble(r));
            if (i >= 0 && d <= theta) { if (d == 0) exact++; else approx++; }
            else miss++;
        }
        return new Counts(exact, approx, miss);
    }
}
