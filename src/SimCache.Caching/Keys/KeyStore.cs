using System.Globalization;
using SimCache.Caching.Answers;
using SimCache.Caching.Indexes;
using SimCache.Numerics.Vectors;
using SimCache.Data.IO;

namespace SimCache.Caching.Keys;

/// <summary>
/// The keys a cache holds, in fixed slots: each slot has its vector (unit-normalised under cosine), squared norm,
/// insertion sequence number, user, admission time, answer list and a version that changes whenever the slot's
/// key changes. Everything is preallocated for <see cref="Slots"/> keys, so adding, removing and looking up
/// allocate nothing. The store owns the index over its keys and tells it about every change; policies decide
/// what to add and remove, and hear about removals they did not ask for (expiry) through <see cref="Removed"/>.
/// <para>
/// <b>Answers.</b> A key inserted for a request keeps the request's own answer when one is given (the trace's
/// answer column), otherwise the decoder's top N for the key's vector; with no decoder and no answer the list is
/// empty. At most <see cref="AnswerLength"/> items are kept.
/// </para>
/// <para>
/// <b>Expiry.</b> With a TTL, keys leave in admission order once <c>admitted + ttl ≤ now</c> (a hit does not
/// renew a key; a re-keyed slot counts as admitted again). Keys added with an infinite admission time (offline
/// placement) never expire.
/// </para>
/// </summary>
public sealed class KeyStore : IDisposable
{
    private readonly float[] _vectors;
    private readonly float[] _norms;
    private readonly long[] _seq;
    private readonly int[] _user;
    private readonly double[] _admitted;
    private readonly int[] _version;
    private readonly int[] _answers;
    private readonly int[] _answerLength;
    private readonly int[] _free;
    private readonly int[] _live;
    private readonly int[] _livePos;
    private readonly float[] _query;
    private readonly DecoderScorer? _decoder;
    private readonly int[] _decoderAnswer;
    private readonly double _ttl;
    private (int Slot, int Version, double Time)[] _fifo = Array.Empty<(int, int, double)>();
    private int _fifoHead, _fifoCount;
    private int _freeCount;
    private int _count;
    private int _highWater;
    private long _nextSeq;

    /// <param name="dimension">Vector length.</param>
    /// <param name="metric">L2 or cosine.</param>
    /// <param name="slots">The most keys held at once (a policy that inserts before it evicts needs capacity + 1).</param>
    /// <param name="index">The index over the keys (created by <see cref="KeyIndexes"/>), or null for a store that is never searched.</param>
    /// <param name="answerLength">How many answer items to keep per key (0: none).</param>
    /// <param name="decoder">Computes answers for keys inserted without one; may be null.</param>
    /// <param name="ttl">Seconds a key lives after admission; +∞ for no expiry.</param>
    public KeyStore(int dimension, DistanceMetric metric, int slots, Func<KeyStore, KeyIndex>? index = null,
        int answerLength = 0, DecoderScorer? decoder = null, double ttl = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(answerLength);
        if (!(ttl > 0)) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "ttl must be positive (or +∞)");
        if (decoder is not null && decoder.Dimension != dimension)
            throw new ArgumentException($"decoder latent size {decoder.Dimension} differs from the key dimension {dimension}", nameof(decoder));
        Dimension = dimension;
        Metric = metric;
        Slots = slots;
        AnswerLength = answerLength;
        _decoder = decoder;
        _ttl = ttl;
        _vectors = new float[checked(slots * dimension)];
        _norms = new float[slots];
        Array.Fill(_norms, float.PositiveInfinity);
        _seq = new long[slots];
        _user = new int[slots];
        _admitted = new double[slots];
        _version = new int[slots];
        _answers = new int[checked(slots * answerLength)];
        _answerLength = new int[slots];
        _free = new int[slots];
        for (int i = 0; i < slots; i++) _free[i] = slots - 1 - i; // pop gives 0, 1, 2, ...
        _freeCount = slots;
        _live = new int[slots];
        _livePos = new int[slots];
        Array.Fill(_livePos, -1);
        _query = new float[dimension];
        _decoderAnswer = decoder is null ? Array.Empty<int>() : new int[Math.Min(answerLength, decoder.Items)];
        Index = index?.Invoke(this);
    }

    /// <summary>Bytes a store keeps per slot besides its vector and answers: norm, sequence, user, admission time, version, answer length, free and live lists.</summary>
    public const int SlotOverheadBytes = sizeof(float) + sizeof(long) + sizeof(int) + sizeof(double) + 4 * sizeof(int) + sizeof(int);

    /// <summary>The bytes a store of <paramref name="slots"/> keys of <paramref name="dimension"/> floats and <paramref name="answerLength"/> answer items preallocates.</summary>
    public static double RequiredBytes(long slots, int dimension, int answerLength) =>
        (double)slots * ((double)dimension * sizeof(float) + (double)answerLength * sizeof(int) + SlotOverheadBytes);

    /// <summary>
    /// Refuses a store that cannot be built, before anything is allocated: more slots than an array holds, more
    /// vector floats or answer items than one array holds, or more bytes than the process may use
    /// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours a container's limit). The message
    /// names the memory the store would need, so a capacity typo (100000000 for 100000) reads as what it is.
    /// <paramref name="what"/> names the cache in the message (<c>cache 'lru'</c>); <paramref name="availableBytes"/>
    /// replaces the process's limit (tests).
    /// </summary>
    public static void CheckFits(string what, long slots, int dimension, int answerLength, long? availableBytes = null)
    {
        double need = RequiredBytes(slots, dimension, answerLength);
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        string keys = string.Create(CultureInfo.InvariantCulture,
            $"{slots} keys × ({dimension} vector floats + {answerLength} answer items + {SlotOverheadBytes} bytes) need {Gigabytes(need)} of memory");
        if (need > available)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{what}: {keys}; at most {Gigabytes(available)} is available: use a smaller capacity"));
        if (slots > Array.MaxLength || (double)slots * dimension > Array.MaxLength || (double)slots * answerLength > Array.MaxLength)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {keys}, more than one array holds ({Array.MaxLength} values): use a smaller capacity"));
    }

    /// <summary>Bytes in GB (10⁹), to three significant digits.</summary>
    public static string Gigabytes(double bytes) => (bytes / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GB";

    public int Dimension { get; }

    public DistanceMetric Metric { get; }

    /// <summary>The most keys the store can hold.</summary>
    public int Slots { get; }

    /// <summary>Keys held now.</summary>
    public int Count => _count;

    /// <summary>One past the highest slot ever used: indexes scan [0, HighWater).</summary>
    public int HighWater => _highWater;

    public int AnswerLength { get; }

    public KeyIndex? Index { get; }

    /// <summary>Called after a key left the store (evicted, expired or removed), with its former slot.</summary>
    public Action<int>? Removed { get; set; }

    /// <summary>Seconds a key lives after admission (+∞: forever).</summary>
    public double Ttl => _ttl;

    /// <summary>Raw storage for indexes: the vectors (slot-major) and squared norms (+∞ for empty slots).</summary>
    internal float[] VectorData => _vectors;

    internal float[] NormData => _norms;

    public bool IsLive(int slot) => (uint)slot < (uint)Slots && _livePos[slot] >= 0;

    public long Seq(int slot) => _seq[slot];

    public int User(int slot) => _user[slot];

    public double Admitted(int slot) => _admitted[slot];

    /// <summary>Changes whenever the slot's key changes (add, remove, re-key).</summary>
    public int Version(int slot) => _version[slot];

    public float Norm2(int slot) => _norms[slot];

    /// <summary>The stored (prepared) vector of a slot.</summary>
    public ReadOnlySpan<float> Vector(int slot) => _vectors.AsSpan(slot * Dimension, Dimension);

    /// <summary>The answer list of a slot (valid until the slot changes).</summary>
    public ReadOnlySpan<int> Answer(int slot) => _answers.AsSpan(slot * AnswerLength, _answerLength[slot]);

    /// <summary>The i-th live slot, i in [0, Count): for uniform random choice among keys.</summary>
    public int LiveSlot(int i) => (uint)i < (uint)_count ? _live[i] : throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>
    /// Prepares a request vector for comparison; under cosine it is normalised into a buffer owned by the store
    /// and valid until the next call.
    /// </summary>
    public PreparedQuery Prepare(ReadOnlySpan<float> vector, int blockRow = -1)
    {
        if (Metric == DistanceMetric.L2)
        {
            if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} floats, the cache's dimension is {Dimension}", nameof(vector));
            return new PreparedQuery(vector, VectorKernels.Dot(vector, vector), blockRow);
        }
        float n2 = PrepareInto(vector, _query);
        return new PreparedQuery(_query, n2, blockRow);
    }

    /// <summary>
    /// Writes the prepared form of <paramref name="vector"/> into <paramref name="dest"/> and returns its squared
    /// norm. Cosine rejects a zero vector (its direction, hence its distance to anything, is undefined).
    /// </summary>
    public float PrepareInto(ReadOnlySpan<float> vector, Span<float> dest)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} floats, the cache's dimension is {Dimension}", nameof(vector));
        return Metric.Prepare(vector, dest);
    }

    /// <summary>The rank value (squared distance as computed) between a prepared query and a key.</summary>
    public float Rank(in PreparedQuery q, int slot) =>
        VectorKernels.Rank(q.Norm2, _norms[slot], VectorKernels.Dot(q.Vector, Vector(slot)));

    /// <summary>The distance between a prepared query and a key (the deciding, cancellation-free one).</summary>
    public float Distance(in PreparedQuery q, int slot) => Metric.FromSquared(VectorKernels.SquaredDistance(q.Vector, Vector(slot)));

    /// <summary>The distance between two prepared vectors.</summary>
    public float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Metric.FromSquared(VectorKernels.SquaredDistance(a, b));

    /// <summary>
    /// The <paramref name="k"/> nearest keys, nearest first (ties to the earliest insertion); returns how many.
    /// Uses the block precomputed by <see cref="BeginBlock"/> when the query carries a block row. See
    /// <see cref="KeyIndex"/> for how "nearest" is computed.
    /// </summary>
    public int Nearest(in PreparedQuery q, int k, Span<Neighbor> result)
    {
        if (Index is null) throw new InvalidOperationException("this key store has no index");
        if (k <= 0 || _count == 0) return 0;
        return Index.Search(q, Math.Min(k, result.Length), result);
    }

    /// <summary>
    /// Lets the index precompute the nearest keys of a block of consecutive requests against the keys as they
    /// stand (one matrix product); later lookups with a block row stay exact whatever the cache does meanwhile.
    /// </summary>
    public void BeginBlock(ReadOnlySpan<float> vectors, int rows) => Index?.BeginBlock(vectors, rows);

    /// <summary>Ends the current block (lookups then search directly).</summary>
    public void EndBlock() => Index?.EndBlock();

    /// <summary>
    /// Adds a key and returns its slot. <paramref name="answer"/> is the key's own answer if known (else the
    /// decoder's, if any). <paramref name="admitted"/> is the admission time (+∞: never expires).
    /// </summary>
    public int Add(ReadOnlySpan<float> vector, int user, double admitted, ReadOnlySpan<int> answer = default)
    {
        if (_freeCount == 0) throw new InvalidOperationException($"the key store is full ({Slots} keys)");
        int slot = _free[--_freeCount];
        try
        {
            Fill(slot, vector, user, admitted, answer);
        }
        catch
        {
            _free[_freeCount++] = slot;
            throw;
        }
        _livePos[slot] = _count;
        _live[_count++] = slot;
        if (slot >= _highWater) _highWater = slot + 1;
        Index?.OnAdded(slot);
        return slot;
    }

    /// <summary>The slot the next <see cref="Add"/> will fill (−1 when full): for a policy that must read a freed slot's old vector before it is overwritten.</summary>
    internal int NextFreeSlot => _freeCount > 0 ? _free[_freeCount - 1] : -1;

    /// <summary>
    /// Replaces the key of a live slot (CLS-LRU moving an entry to where requests fall): a new vector, answer,
    /// sequence number and admission time, the same slot.
    /// </summary>
    public void Rekey(int slot, ReadOnlySpan<float> vector, int user, double admitted, ReadOnlySpan<int> answer = default)
    {
        if (!IsLive(slot)) throw new ArgumentException($"slot {slot} holds no key", nameof(slot));
        Index?.OnRemoved(slot);
        Fill(slot, vector, user, admitted, answer);
        Index?.OnAdded(slot);
    }

    /// <summary>Removes the key in <paramref name="slot"/> and tells <see cref="Removed"/>.</summary>
    public void Remove(int slot)
    {
        if (!IsLive(slot)) throw new ArgumentException($"slot {slot} holds no key", nameof(slot));
        Index?.OnRemoved(slot);
        _norms[slot] = float.PositiveInfinity;
        _version[slot]++;
        int pos = _livePos[slot], last = _live[--_count];
        _live[pos] = last;
        _livePos[last] = pos;
        _livePos[slot] = -1;
        _free[_freeCount++] = slot;
        Removed?.Invoke(slot);
    }

    /// <summary>The time the oldest expirable key expires (+∞ if none).</summary>
    public double NextExpiry
    {
        get
        {
            DropStale();
            return _fifoCount == 0 ? double.PositiveInfinity : _fifo[_fifoHead].Time + _ttl;
        }
    }

    /// <summary>Removes every key with <c>admitted + ttl ≤ now</c>, oldest first; returns how many.</summary>
    public int ExpireUpTo(double now)
    {
        int n = 0;
        while (true)
        {
            DropStale();
            if (_fifoCount == 0 || _fifo[_fifoHead].Time + _ttl > now) return n;
            int slot = _fifo[_fifoHead].Slot;
            Pop();
            Remove(slot);
            n++;
        }
    }

    private void Fill(int slot, ReadOnlySpan<float> vector, int user, double admitted, ReadOnlySpan<int> answer)
    {
        if (double.IsNaN(admitted)) throw new ArgumentException("admission time is NaN", nameof(admitted));
        var row = _vectors.AsSpan(slot * Dimension, Dimension);
        float n2 = PrepareInto(vector, row);
        if (!float.IsFinite(n2)) throw new ArgumentException("key vector is too large (its squared norm overflows float)", nameof(vector));
        _norms[slot] = n2;
        _seq[slot] = _nextSeq++;
        _user[slot] = user;
        _admitted[slot] = admitted;
        _version[slot]++;
        var dest = _answers.AsSpan(slot * AnswerLength, AnswerLength);
        if (!answer.IsEmpty)
        {
            int len = Math.Min(answer.Length, AnswerLength);
            answer[..len].CopyTo(dest);
            _answerLength[slot] = len;
        }
        else if (_decoder is not null && AnswerLength > 0)
        {
            _answerLength[slot] = _decoder.TopN(vector, AnswerLength, dest);
        }
        else _answerLength[slot] = 0;
        if (double.IsFinite(_ttl) && admitted < double.PositiveInfinity) Push(slot, _version[slot], admitted);
    }

    private void DropStale()
    {
        while (_fifoCount > 0)
        {
            var (slot, version, _) = _fifo[_fifoHead];
            if (_version[slot] == version && _livePos[slot] >= 0) return;
            Pop();
        }
    }

    private void Push(int slot, int version, double time)
    {
        if (_fifoCount > 0)
        {
            double lastTime = _fifo[(_fifoHead + _fifoCount - 1) % _fifo.Length].Time;
            if (time < lastTime)
                throw new InvalidOperationException($"admission at time {time} after one at {lastTime}: admissions must come in time order for expiry");
        }
        if (_fifoCount == _fifo.Length)
        {
            var bigger = new (int, int, double)[Math.Max(16, _fifo.Length * 2)];
            for (int i = 0; i < _fifoCount; i++) bigger[i] = _fifo[(_fifoHead + i) % _fifo.Length];
            _fifo = bigger;
            _fifoHead = 0;
        }
        _fifo[(_fifoHead + _fifoCount) % _fifo.Length] = (slot, version, time);
        _fifoCount++;
    }

    private void Pop()
    {
        _fifoHead = (_fifoHead + 1) % _fifo.Length;
        _fifoCount--;
    }

    public void Dispose() => Index?.Dispose();
}
