namespace SimCache.Caching.Keys;

/// <summary>
/// A recency order over store slots as an intrusive doubly linked list in two int arrays: move to front,
/// remove and read the back in O(1) with no allocation.
/// </summary>
public sealed class LruList
{
    private readonly int[] _prev, _next;
    private readonly bool[] _in;
    private int _head = -1, _tail = -1;

    public LruList(int slots)
    {
        _prev = new int[slots];
        _next = new int[slots];
        _in = new bool[slots];
    }

    public int Count { get; private set; }

    /// <summary>The most recently used slot, or −1.</summary>
    public int Front => _head;

    /// <summary>The least recently used slot, or −1.</summary>
    public int Back => _tail;

    public bool Contains(int slot) => _in[slot];

    /// <summary>The slot after <paramref name="slot"/> towards the back, or −1.</summary>
    public int Next(int slot) => _next[slot];

    public void PushFront(int slot)
    {
        if (_in[slot]) throw new InvalidOperationException($"slot {slot} is already listed");
        _prev[slot] = -1;
        _next[slot] = _head;
        if (_head >= 0) _prev[_head] = slot;
        _head = slot;
        if (_tail < 0) _tail = slot;
        _in[slot] = true;
        Count++;
    }

    public void MoveToFront(int slot)
    {
        if (_head == slot) return;
        Remove(slot);
        PushFront(slot);
    }

    public void Remove(int slot)
    {
        if (!_in[slot]) return;
        int p = _prev[slot], n = _next[slot];
        if (p >= 0) _next[p] = n; else _head = n;
        if (n >= 0) _prev[n] = p; else _tail = p;
        _in[slot] = false;
        Count--;
    }
}
