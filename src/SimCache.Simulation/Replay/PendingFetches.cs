using SimCache.Caching.Core;

namespace SimCache.Simulation.Replay;

/// <summary>
/// Retrievals in flight: each holds a copy of its request (user, vector, own answer) and the lookup outcome whose
/// admission it will carry out, ordered by (completion time, sequence number) in a binary heap. Slots are
/// preallocated and recycled, so a replay allocates only when more fetches than ever before are in flight at once.
/// </summary>
internal sealed class PendingFetches
{
    private readonly int _dimension;
    private readonly int _answerLength;
    private double[] _time = [];
    private long[] _seq = [];
    private int[] _user = [];
    private double[] _issued = [];
    private float[] _vectors = [];
    private int[] _answers = [];
    private int[] _answerCount = [];
    private CacheOutcome[] _outcome = [];
    private int[] _heap = [];
    private int[] _free = [];
    private int _freeCount;
    private long _nextSeq;

    public PendingFetches(int dimension, int answerLength, int initialSlots = 64)
    {
        _dimension = dimension;
        _answerLength = answerLength;
        Grow(initialSlots);
    }

    public int Count { get; private set; }

    /// <summary>Completion time of the earliest fetch (+∞ if none).</summary>
    public double NextTime => Count == 0 ? double.PositiveInfinity : _time[_heap[0]];

    public int User(int slot) => _user[slot];
    public double Time(int slot) => _time[slot];
    public double Issued(int slot) => _issued[slot];

    /// <summary>Issue order (0, 1, 2, ...): ties between fetches go to the lower one.</summary>
    public long Sequence(int slot) => _seq[slot];
    public ReadOnlySpan<float> Vector(int slot) => _vectors.AsSpan(slot * _dimension, _dimension);
    public ReadOnlySpan<int> Answer(int slot) => _answers.AsSpan(slot * _answerLength, _answerCount[slot]);
    public ref readonly CacheOutcome Outcome(int slot) => ref _outcome[slot];

    /// <summary>The slot at heap position <paramref name="i"/> (any order), for scanning every fetch in flight.</summary>
    public int SlotAt(int i) => _heap[i];

    public void Add(double completion, double issued, int user, ReadOnlySpan<float> vector, ReadOnlySpan<int> answer, in CacheOutcome outcome)
    {
        if (_freeCount == 0) Grow(_heap.Length * 2);
        int slot = _free[--_freeCount];
        _time[slot] = completion;
        _issued[slot] = issued;
        _seq[slot] = _nextSeq++;
        _user[slot] = user;
        vector.CopyTo(_vectors.AsSpan(slot * _dimension, _dimension));
        int n = Math.Min(answer.Length, _answerLength);
        answer[..n].CopyTo(_answers.AsSpan(slot * _answerLength, _answerLength));
        _answerCount[slot] = n;
        _outcome[slot] = outcome;
        int i = Count++;
        _heap[i] = slot;
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Before(_heap[i], _heap[parent])) break;
            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    /// <summary>Removes the earliest fetch and returns its slot, which stays readable until the next <see cref="Add"/>.</summary>
    public int PopEarliest()
    {
        int slot = _heap[0];
        _heap[0] = _heap[--Count];
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < Count && Before(_heap[l], _heap[m])) m = l;
            if (r < Count && Before(_heap[r], _heap[m])) m = r;
            if (m == i) break;
            (_heap[i], _heap[m]) = (_heap[m], _heap[i]);
            i = m;
        }
        _free[_freeCount++] = slot;
        return slot;
    }

    private bool Before(int a, int b) => _time[a] < _time[b] || (_time[a] == _time[b] && _seq[a] < _seq[b]);

    private void Grow(int slots)
    {
        int old = _heap.Length;
        Array.Resize(ref _time, slots);
        Array.Resize(ref _seq, slots);
        Array.Resize(ref _user, slots);
        Array.Resize(ref _issued, slots);
        Array.Resize(ref _vectors, slots * _dimension);
        Array.Resize(ref _answers, slots * _answerLength);
        Array.Resize(ref _answerCount, slots);
        Array.Resize(ref _outcome, slots);
        Array.Resize(ref _heap, slots);
        Array.Resize(ref _free, slots);
        for (int s = slots - 1; s >= old; s--) _free[_freeCount++] = s;
    }
}
