using SimCache.Caching.Tests.Support;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// The randomised policies of docs/METHODS.md §3 written again with plain lists and linear scans in double
/// precision, with the cost C_a(d) = d^α and retrieval cost C_r. They draw from their own Random, so they are
/// compared with the cache by the mean hit ratio over seeds, not request by request.
/// </summary>
public static class NaiveRandomised
{
    private static double Ca(double d, double alpha) => Math.Pow(d, alpha);

    private static void Touch(List<NaiveKey> list, int i)
    {
        var k = list[i];
        list.RemoveAt(i);
        list.Insert(0, k);
    }

    private static void InsertFront(List<NaiveKey> list, NaiveKey key, int capacity)
    {
        list.Insert(0, key);
        if (list.Count > capacity) list.RemoveAt(list.Count - 1);
    }

    /// <summary>RND-LRU with β = min(1, C_a/C_r).</summary>
    public static Counts RndLru(TraceData t, int capacity, double alpha, double cr, Random rng)
    {
        var list = new List<NaiveKey>();
        long seq = 0;
        int exact = 0, approx = 0, miss = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            var (i, d, _) = NaiveKey.Nearest(list, x);
            if (i >= 0 && !(rng.NextDouble() < Math.Min(1, Ca(d, alpha) / cr)))
            {
                if (d == 0) exact++; else approx++;
                Touch(list, i);
                continue;
            }
            miss++;
            InsertFront(list, new NaiveKey(x, t.Users[r], seq++), capacity);
        }
        return new Counts(exact, approx, miss);
    }

    /// <summary>qLRU-ΔC.</summary>
    public static Counts QLru(TraceData t, int capacity, double q, double alpha, double cr, Random rng)
    {
        var list = new List<NaiveKey>();
        long seq = 0;
        int exact = 0, approx = 0, miss = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            var (i, d, _) = NaiveKey.Nearest(list, x);
            if (i < 0 || Ca(d, alpha) >= cr)
            {
                miss++;
                if (rng.NextDouble() < q) InsertFront(list, new NaiveKey(x, t.Users[r], seq++), capacity);
                continue;
            }
            if (d == 0) exact++; else approx++;
            double ca = Ca(d, alpha);
            var z = list[i];
            double second = cr;
            foreach (var k in list) if (k != z) second = Math.Min(second, Math.Min(cr, Ca(NaiveKey.Distance(k.Vector, x), alpha)));
            if (rng.NextDouble() < (second - ca) / cr) Touch(list, i);
            if (rng.NextDouble() < q * ca / cr) InsertFront(list, new NaiveKey(x, t.Users[r], seq++), capacity);
        }
        return new Counts(exact, approx, miss);
    }

    private sealed class NaiveDuel
    {
        public required NaiveKey Incumbent;
        public required NaiveKey Candidate;
        public double Inc, Cand;
        public int Age;
    }

    /// <summary>DUEL with the project's documented choices (see DuelPolicy).</summary>
    public static Counts Duel(TraceData t, int capacity, double beta, int window, double margin, double radius, double alpha, double cr, Random rng)
    {
        var cache = new List<NaiveKey>();
        var duels = new List<NaiveDuel>();
        long seq = 0;
        int exact = 0, approx = 0, miss = 0;
        double C(double d) => Math.Min(cr, Ca(d, alpha));
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            var (i, d, _) = NaiveKey.Nearest(cache, x);
            bool hit = i >= 0 && Ca(d, alpha) < cr;
            if (hit) { if (d == 0) exact++; else approx++; } else miss++;
            var won = new List<NaiveDuel>();
            foreach (var duel in duels.ToList())
            {
                double b = cr;
                foreach (var k in cache) if (k != duel.Incumbent) b = Math.Min(b, C(NaiveKey.Distance(k.Vector, x)));
                duel.Inc += Math.Max(0, b - Ca(NaiveKey.Distance(duel.Incumbent.Vector, x), alpha));
                duel.Cand += Math.Max(0, b - Ca(NaiveKey.Distance(duel.Candidate.Vector, x), alpha));
                duel.Age++;
                if (duel.Cand - duel.Inc >= margin) { won.Add(duel); duels.Remove(duel); }
                else if (duel.Inc - duel.Cand >= margin || duel.Age >= window) duels.Remove(duel);
            }
            foreach (var w in won)
            {
                cache.Remove(w.Incumbent);
                if (cache.Count < capacity) cache.Add(new NaiveKey(w.Candidate.Vector, w.Candidate.User, seq++));
            }
            if (hit) continue;
            if (cache.Count < capacity) { cache.Add(new NaiveKey(x, t.Users[r], seq++)); continue; }
            if (duels.Any(du => NaiveKey.Distance(du.Candidate.Vector, x) <= radius)) continue;
            NaiveKey incumbent = rng.NextDouble() < beta ? cache[NaiveKey.Nearest(cache, x).Index] : cache[rng.Next(cache.Count)];
            if (duels.Any(du => du.Incumbent == incumbent)) continue;
            duels.Add(new NaiveDuel { Incumbent = incumbent, Candidate = new NaiveKey(x, t.Users[r], -1) });
        }
        return new Counts(exact, approx, miss);
    }
}
