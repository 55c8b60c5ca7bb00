namespace SimCache.Caching.Policies.Knn;

/// <summary>
/// A binary heap of item indices keyed by an external array of weights, with O(log n) removal of any item
/// (positions are tracked). <c>max</c> selects a max-heap; ties go to the lower item index so the order
/// is fully determined.
/// </summary>
internal sealed class IndexedHeap
{
    private readonly double[] _key;
    private readonly int[] _heap;
    private readonly int[] _pos;
    private readonly bool _max;

    public IndexedHeap(double[] keys, bool max)
    {
        _key = keys;
        _heap = new int[keys.Length];
        _pos = new int[keys.Length];
        Array.Fill(_pos, -1);
        _max = max;
    }

    public int Count { get; private set; }

    public int Top => Count > 0 ? _heap[0] : throw new InvalidOperationException("heap is empty");

    public bool Contains(int item) => _pos[item] >= 0;

    public void Push(int item)
    {
        if (_pos[item] >= 0) throw new InvalidOperationException($"item {item} is already in the heap");
        _heap[Count] = item;
        _pos[item] = Count;
        Up(Count++);
    }

    public void Remove(int item)
    {
        int i = _pos[item];
        if (i < 0) return;
        int last = _heap[--Count];
        _pos[item] = -1;
        if (i == Count) return;
        _heap[i] = last;
        _pos[last] = i;
        Up(i);
        Down(_pos[last]);
    }

    private bool Before(int a, int b)
    {
        double ka = _key[a], kb = _key[b];
        if (ka != kb) return _max ? ka > kb : ka < kb;
        return a < b;
    }

    private void Up(int i)
    {
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!Before(_heap[i], _heap[p])) break;
            Swap(i, p);
            i = p;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, best = i;
            if (l < Count && Before(_heap[l], _heap[best])) best = l;
            if (r < Count && Before(_heap[r], _heap[best])) best = r;
            if (best == i) return;
            Swap(i, best);
            i = best;
        }
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        _pos[_heap[a]] = a;
        _pos[_heap[b]] = b;
    }
}
