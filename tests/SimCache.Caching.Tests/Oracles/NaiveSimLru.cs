using SimCache.Caching.Tests.Support;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// SIM-LRU and CLS-LRU by the letter of docs/METHODS.md §3, as a list front-first with linear scans. With
/// <c>inner</c> &lt; θ it is CLS-LRU: a hit beyond the inner radius moves the key to the request (new sequence).
/// </summary>
public static class NaiveSimLru
{
    public static Counts Run(TraceData t, int capacity, double theta, Margins margins, double? inner = null)
    {
        var list = new List<NaiveKey>();
        long seq = 0;
        int exact = 0, approx = 0, miss = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            var (i, d, second) = NaiveKey.Nearest(list, x);
            if (i >= 0)
            {
                margins.Compare(d, theta);
                margins.Gap(d, second);
            }
            if (i >= 0 && d <= theta)
            {
                if (d == 0) exact++; else approx++;
                var key = list[i];
                list.RemoveAt(i);
                list.Insert(0, key);
                if (inner is { } ti)
                {
                    margins.Compare(d, ti);
                    if (d > ti)
                    {
                        key.Vector = x;
                        key.User = t.Users[r];
                        key.Seq = seq++;
                    }
                }
                continue;
            }
            miss++;
            list.Insert(0, new NaiveKey(x, t.Users[r], seq++));
            if (list.Count > capacity) list.RemoveAt(list.Count - 1);
        }
        return new Counts(exact, approx, miss);
    }
}
