using System.Runtime.CompilerServices;
using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>lru(capacity, threads)</c>: the classic cache keyed by user id, the baseline (docs/METHODS.md §3.2). A request
/// of a user whose answer is cached is served that answer — an approximate hit at the user's drift, the
/// distance between the embedding it was computed for and the current one (an exact hit only if the embedding
/// did not move) — and moves to the front; any other request misses and its user is inserted at the front. The
/// index is not used. If a user is admitted while already cached (two retrievals in flight), the cached key is
/// replaced by the newer embedding and answer and moved to the front.
/// <para>
/// <b>Speed.</b> Deciding a request is a few loads; the drift is the one real work, and at d = 200 reading the
/// request's 800-byte vector is as much as one core's memory bandwidth allows at about 10M requests/s. So when
/// most requests hit, a zero-latency run (<see cref="ProcessRun"/>) decides request by request but has the
/// drifts computed by <c>threads</c> cores meanwhile. Every drift is computed by the same kernel whoever computes
/// it, so results do not depend on the thread count.
/// </para>
/// </summary>
public sealed class LruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("lru",
        [new("capacity", null, "users whose answers are kept"),
         new("threads", "0", "threads computing the drifts of a zero-latency replay (0: all cores); results do not depend on it")],
        "LRU keyed by user id (served answer = the same user's cached answer)",
        s => new LruPolicy(s, s.Args.Int("capacity", 1), s.Args.Int("threads", 0, 1024)));

    /// <summary>The most hits whose drifts wait to be computed together.</summary>
    private const int DeferLimit = 4096;

    /// <summary>Fewer deferred drifts than this are computed on the calling thread (a hand-off costs microseconds).</summary>
    private const int ParallelMinimum = 512;

    /// <summary>Deferred drifts handed to the workers at a time while this thread goes on deciding.</summary>
    private const int HandOff = 256;

    /// <summary>
    /// Drifts are deferred and shared out only after a run where at least this share of requests hit: below it
    /// the misses, which this thread must do in order, leave the workers too little.
    /// </summary>
    private const double DeferAbove = 0.75;

    private readonly UserSlots _slotOfUser;
    private readonly int _threads;
    private readonly int[] _deferredRow = new int[DeferLimit];
    private readonly int[] _deferredSlot = new int[DeferLimit];
    private readonly float[] _drift = new float[DeferLimit];
    private readonly int[] _firstDeferred, _lastDeferred; // per slot: its first and last deferred hit of the run (−1: none)
    private float[]? _preparedRows; // cosine: the deferred requests' normalised vectors
    private int _deferred;
    private double _hitShare; // of the previous run: chooses how the next is served (either way, the same outcomes)
    private int _handed; // deferred drifts [0, _handed) are computed or being computed by the workers
    private int _workerFrom, _workerTo; // the range the workers are computing
    private int _firstPart; // 1 after Begin (the workers alone), 0 under Run (this thread takes part 0)
    private PartitionWorkers? _workers;
    private Action<int>? _driftPart;
    private unsafe float* _queries; // the deferred hits' request vectors while the parts run (pinned by the caller)
    private bool _queriesByRow; // whether _queries is indexed by run row (L2) or by deferred hit (cosine, prepared)

    public LruPolicy(PolicySetup setup, int capacity, int threads = 0)
        : base(setup, capacity, indexed: false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _slotOfUser = new UserSlots(Math.Clamp(capacity + 1, 4096, 1 << 16));
        _threads = threads == 0 ? Environment.ProcessorCount : threads;
        _firstDeferred = new int[Store!.Slots];
        _lastDeferred = new int[Store.Slots];
        Array.Fill(_firstDeferred, -1);
        Array.Fill(_lastDeferred, -1);
    }

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        if (!_slotOfUser.TryGet(request.User, out int slot)) return Miss(float.PositiveInfinity, AdmissionKind.Insert);
        var store = Store!;
        // Under L2 a vector is its own prepared form: skip Prepare and the norm it computes (unused here).
        float d = store.Metric == DistanceMetric.L2
            ? store.Distance(request.Vector, store.Vector(slot))
            : store.Distance(store.Prepare(request.Vector), slot);
        Lru.MoveToFront(slot);
        return Hit(slot, d);
    }

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission != AdmissionKind.Insert) { base.Admit(request, outcome, now); return; }
        if (_slotOfUser.TryGet(request.User, out int slot))
        {
            Store!.Rekey(slot, request.Vector, request.User, now, request.Answer);
            Lru.MoveToFront(slot);
            return;
        }
        slot = InsertFront(request, now);
        _slotOfUser.Set(request.User, slot);
    }

    /// <summary>
    /// The zero-latency run. On one thread, or after a run where fewer than <see cref="DeferAbove"/> of the
    /// requests hit, one request at a time (<see cref="Lookup"/> then <see cref="Admit"/>): measured, that is the
    /// fastest way on one core, and when misses dominate they must be done in order anyway. Otherwise the hits'
    /// drifts are shared with the workers (<see cref="ProcessDeferred"/>). Both give the same outcomes, so the
    /// choice — made from the previous run's hits, deterministically — changes only the speed.
    /// </summary>
    public override void ProcessRun(ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors,
        int firstBlockRow, Span<CacheOutcome> outcomes)
    {
        int hits = 0;
        if (_threads == 1 || (_hitShare < DeferAbove && !AlwaysDefer))
        {
            base.ProcessRun(users, times, vectors, firstBlockRow, outcomes);
            foreach (ref readonly var o in outcomes[..users.Length]) hits += o.IsHit ? 1 : 0;
        }
        else ProcessDeferred(users, times, vectors, outcomes, ref hits);
        if (users.Length > 0) _hitShare = (double)hits / users.Length;
    }

    /// <summary>For tests: defer drifts in every run, whatever the hits (with more than one thread).</summary>
    internal bool AlwaysDefer { get; set; }

    /// <summary>
    /// A run with the hits' drifts shared out. Which user hits, and every change to the recency list and the
    /// store, happen request by request exactly as in <see cref="Lookup"/> then <see cref="Admit"/>; only the
    /// drift of a hit is put off, to be computed with
    /// <see cref="KeyStore.Distance(ReadOnlySpan{float}, ReadOnlySpan{float})"/> — the same call as in
    /// <see cref="Lookup"/>, so bit-identical. While this thread goes on deciding, the drifts deferred so far are
    /// handed to the worker threads every <see cref="HandOff"/> hits, and this thread computes whatever is left
    /// at the end: deciding (loads and a few writes) and reading request vectors (memory bandwidth) overlap. A
    /// deferred hit needs its key's vector as it was at the hit; a key's vector changes only when its slot is
    /// refilled after an eviction, so the deferred drifts that read a slot are computed before it is refilled
    /// (<see cref="SecureSlot"/>); all are completed when <see cref="DeferLimit"/> are waiting, and at the end.
    /// </summary>
    private unsafe void ProcessDeferred(ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors,
        Span<CacheOutcome> outcomes, ref int hits)
    {
        var store = Store!;
        int d = store.Dimension;
        var first = _firstDeferred;
        var last = _lastDeferred;
        var map = _slotOfUser;
        var lru = Lru;
        bool l2 = store.Metric == DistanceMetric.L2;
        if (_threads > 1 && _workers is null) // on the first run, whatever its size: a replay's allocations do not grow with it
        {
            _workers = new PartitionWorkers(_threads);
            _driftPart = DriftPart;
        }
        var prepared = l2 ? null : _preparedRows ??= new float[DeferLimit * d];
        fixed (float* rowsPointer = vectors)
        fixed (float* preparedPointer = prepared)
        {
            // Under L2 a request vector is its own prepared form (as in Lookup): drifts read the run's rows in
            // place; under cosine each deferred request is normalised first, into its own row.
            _queries = l2 ? rowsPointer : preparedPointer;
            _queriesByRow = l2;
            try
            {
                for (int r = 0; r < users.Length; r++)
                {
                    int user = users[r];
                    if (map.TryGet(user, out int slot))
                    {
                        lru.MoveToFront(slot);
                        if (_deferred == DeferLimit) CompleteDrifts(outcomes);
                        if (!l2) store.PrepareInto(vectors.Slice(r * d, d), prepared.AsSpan(_deferred * d, d));
                        if (first[slot] < 0) first[slot] = _deferred;
                        last[slot] = _deferred;
                        _deferredRow[_deferred] = r;
                        _deferredSlot[_deferred++] = slot;
                        hits++;
                        if (_deferred - _handed >= HandOff && _workers is not null && _workers.Finished) HandToWorkers();
                        continue;
                    }
                    outcomes[r] = Miss(float.PositiveInfinity, AdmissionKind.Insert);
                    int refill = store.NextFreeSlot;
                    if (refill >= 0 && last[refill] >= 0) SecureSlot(refill);
                    slot = InsertFront(new CacheRequest(user, times[r], vectors.Slice(r * d, d)), times[r]);
                    map.Set(user, slot);
                }
                if (_deferred > 0) CompleteDrifts(outcomes);
            }
            finally
            {
                _workers?.Join(); // never leave a worker reading the caller's rows
                _queries = null;
                for (int i = 0; i < _deferred; i++) _firstDeferred[_deferredSlot[i]] = _lastDeferred[_deferredSlot[i]] = -1; // after a failure
                _deferred = _handed = _workerFrom = _workerTo = 0;
            }
        }
    }

    /// <summary>
    /// Before <paramref name="slot"/> is refilled: every deferred drift that reads it must be computed. Those not
    /// handed out yet are computed here (all of them, in order: cheaper than picking); if the workers may still
    /// be reading the slot, this waits for them. Drifts already computed need nothing.
    /// </summary>
    private void SecureSlot(int slot)
    {
        if (_lastDeferred[slot] >= _handed)
        {
            DriftRange(_handed, _deferred);
            _handed = _deferred;
        }
        if (_workers is not null && !_workers.Finished && _firstDeferred[slot] < _workerTo && _lastDeferred[slot] >= _workerFrom)
            _workers.Join();
    }

    /// <summary>Gives the workers the deferred drifts not handed out yet (the previous hand-off has finished).</summary>
    private void HandToWorkers()
    {
        _workers!.Join();
        _workerFrom = _handed;
        _workerTo = _handed = _deferred;
        _firstPart = 1;
        _workers.Begin(_driftPart!);
    }

    /// <summary>
    /// Every deferred hit's outcome: this thread computes the drifts not handed out (with the workers too, if
    /// they are idle and it is worth it), waits for the workers' share, then writes the outcomes.
    /// </summary>
    private void CompleteDrifts(Span<CacheOutcome> outcomes)
    {
        int n = _deferred;
        var workers = _workers;
        if (workers is not null && n - _handed >= ParallelMinimum && workers.Finished)
        {
            workers.Join();
            _workerFrom = _handed;
            _workerTo = _handed = n;
            _firstPart = 0;
            workers.Run(_driftPart!); // parts 0.. over [from, to): this thread takes part 0
        }
        else
        {
            DriftRange(_handed, n); // alongside the workers' last hand-off, if still running
            _handed = n;
            workers?.Join();
        }
        for (int i = 0; i < n; i++)
        {
            int slot = _deferredSlot[i];
            outcomes[_deferredRow[i]] = Hit(slot, _drift[i]);
            _firstDeferred[slot] = _lastDeferred[slot] = -1;
        }
        _deferred = _handed = 0;
    }

    /// <summary>
    /// Part <paramref name="part"/> of the drifts handed out, [_workerFrom, _workerTo): a fixed range, so no result
    /// depends on scheduling. After <see cref="PartitionWorkers.Begin"/> part 0 is not run and the workers split
    /// the range; under <see cref="PartitionWorkers.Run"/> every part takes its share.
    /// </summary>
    private void DriftPart(int part)
    {
        int parts = _workers!.Parts, first = _firstPart; // Begin: parts 1.. only
        int share = parts - first, index = part - first;
        if (index < 0) return;
        long length = _workerTo - _workerFrom;
        DriftRange(_workerFrom + (int)(length * index / share), _workerFrom + (int)(length * (index + 1) / share));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void DriftRange(int from, int to)
    {
        var store = Store!;
        int d = store.Dimension;
        for (int i = from; i < to; i++)
        {
            var query = new ReadOnlySpan<float>(_queries + (long)(_queriesByRow ? _deferredRow[i] : i) * d, d);
            _drift[i] = store.Distance(query, store.Vector(_deferredSlot[i]));
        }
    }

    /// <summary>Keys are found by user id: no nearest-key search, so a replay skips its block work.</summary>
    public override bool NeedsNearestKeys => false;

    public override bool WouldServe(int requestUser, int keyUser, float distance) => requestUser == keyUser;

    protected override void OnRemoved(int slot)
    {
        base.OnRemoved(slot);
        _slotOfUser.RemoveIf(Store!.User(slot), slot);
    }

    public override void Dispose()
    {
        _workers?.Dispose();
        base.Dispose();
    }
}
