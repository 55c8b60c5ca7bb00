namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// The greedy pick order over fixed coverage sets, computed only as far as asked and resumable: lazy greedy
/// (CELF) — a stale gain is recomputed when it reaches the top of a max-heap ordered by (gain, lowest
/// candidate), which picks exactly what plain greedy with the lowest-candidate tie rule picks. K never enters
/// the loop, so the first K picks of a longer run are the K-pick run: asking for 400 picks after 100 continues
/// where the 100 stopped, with the same result as starting over. Thread-safe (one lock; extensions are cheap
/// next to building the sets).
/// </summary>
internal sealed class GreedyOrder
{
    private readonly int[][] _covers;
    private readonly bool[] _covered;
    private readonly PriorityQueue<int, (int NegGain, int Candidate)> _heap;
    private readonly List<int> _picks = [];
    private readonly List<long> _coveredAfter = [];
    private readonly object _gate = new();
    private long _total;

    /// <summary>Greedy over <paramref name="covers"/>: for each candidate, the distinct requests (0 … <paramref name="requests"/> − 1) it covers.</summary>
    public GreedyOrder(int[][] covers, int requests)
    {
        _covers = covers;
        _covered = new bool[requests];
        _heap = new PriorityQueue<int, (int, int)>(covers.Length);
        for (int c = 0; c < covers.Length; c++) _heap.Enqueue(c, (-covers[c].Length, c));
    }

    /// <summary>Picks made so far (for tests and memory accounting).</summary>
    public int Picked
    {
        get { lock (_gate) return _picks.Count; }
    }

    /// <summary>The first <paramref name="k"/> picks (fewer when there are fewer candidates) and the requests they cover.</summary>
    public (int[] Picks, long Covered) Take(int k)
    {
        lock (_gate)
        {
            while (_picks.Count < k && _heap.TryDequeue(out int c, out var prio))
            {
                int gain = 0;
                foreach (int r in _covers[c]) if (!_covered[r]) gain++;
                if (gain != -prio.NegGain && _heap.TryPeek(out _, out var top) && (-gain, c).CompareTo(top) > 0)
                {
                    _heap.Enqueue(c, (-gain, c));
                    continue;
                }
                _picks.Add(c);
                foreach (int r in _covers[c])
                {
                    if (_covered[r]) continue;
                    _covered[r] = true;
                    _total++;
                }
                _coveredAfter.Add(_total);
            }
            int n = Math.Min(k, _picks.Count);
            return (_picks.GetRange(0, n).ToArray(), n == 0 ? 0 : _coveredAfter[n - 1]);
        }
    }
}
