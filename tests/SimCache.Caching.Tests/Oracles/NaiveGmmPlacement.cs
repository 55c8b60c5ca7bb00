using SimCache.Caching.Tests.Support;

namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// gmm-placement by the letter of its rule, with plain lists and linear scans in double precision. It takes the
/// placed points from outside (the cache's own draws: the oracle checks serving, trimming and SIM-LRU, not the
/// sampler) together with the request after whose lookup each placement takes effect (−1: before the first).
/// Before the first placement all K keys run SIM-LRU; a placement drops the previous placed keys, trims the
/// SIM-LRU list from its back to K − P and appends the new keys (newest sequence numbers); a request is served by
/// its nearest key over both sets (ties to the lowest sequence) when d ≤ θ, a SIM-LRU key then moving to the
/// front; a miss is inserted at the front of the SIM-LRU list once the placement due at that request is applied,
/// if the list has room for any key at all, and the back is evicted while the list is too long.
/// </summary>
public static class NaiveGmmPlacement
{
    public sealed record Placement(int After, double[][] Keys);

    /// <summary>The counts, and how many hits a placed key served.</summary>
    public static (Counts Counts, int PlacedHits) Run(TraceData t, int capacity, double theta, IReadOnlyList<Placement> placements, Margins margins)
    {
        var recent = new List<NaiveKey>();
        var placed = new List<NaiveKey>();
        long seq = 0;
        int room = capacity, next = 0;
        int exact = 0, approx = 0, miss = 0, placedHits = 0;

        void Apply(Placement p)
        {
            placed.Clear();
            room = capacity - p.Keys.Length;
            while (recent.Count > room) recent.RemoveAt(recent.Count - 1);
            foreach (var key in p.Keys) placed.Add(new NaiveKey(key, -1, seq++));
        }

        while (next < placements.Count && placements[next].After < 0) Apply(placements[next++]);
        for (int r = 0; r < t.Count; r++)
        {
            var x = t.VectorDouble(r);
            var all = recent.Concat(placed).ToList();
            var (i, d, second) = NaiveKey.Nearest(all, x);
            if (i >= 0)
            {
                margins.Compare(d, theta);
                margins.Gap(d, second);
            }
            bool hit = i >= 0 && d <= theta;
            if (hit)
            {
                if (d == 0) exact++; else approx++;
                int at = recent.IndexOf(all[i]);
                if (at < 0) placedHits++;
                else
                {
                    var key = recent[at];
                    recent.RemoveAt(at);
                    recent.Insert(0, key);
                }
            }
            else miss++;
            if (next < placements.Count && placements[next].After == r) Apply(placements[next++]);
            if (hit || room == 0) continue;
            recent.Insert(0, new NaiveKey(x, t.Users[r], seq++));
            while (recent.Count > room) recent.RemoveAt(recent.Count - 1);
        }
        return (new Counts(exact, approx, miss), placedHits);
    }
}
