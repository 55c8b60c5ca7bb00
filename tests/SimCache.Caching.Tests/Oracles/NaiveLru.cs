using SimCache.Caching.Tests.Support;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>LRU keyed by user id, as a list front-first: hit iff the user is listed (distance = drift).</summary>
public static class NaiveLru
{
    public static Counts Run(TraceData t, int capacity)
    {
        var list = new List<NaiveKey>();
        int exact = 0, approx = 0, miss = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            int at = list.FindIndex(k => k.User == t.Users[r]);
            if (at >= 0)
            {
                var key = list[at];
                if (NaiveKey.Distance(key.Vector, x) == 0) exact++; else approx++;
                list.RemoveAt(at);
                list.Insert(0, key);
                continue;
            }
            miss++;
            list.Insert(0, new NaiveKey(x, t.Users[r], r));
            if (list.Count > capacity) list.RemoveAt(list.Count - 1);
        }
        return new Counts(exact, approx, miss);
    }
}
