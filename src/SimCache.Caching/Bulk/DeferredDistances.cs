using System.Runtime.CompilerServices;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Bulk;

/// <summary>
/// Distances between a run's queries and keys of a <see cref="KeyStore"/>, computed in bulk across threads while
/// the policy goes on deciding. A policy whose decision does not depend on a distance it reports (lru: the hit
/// is known from the user id; the drift is only reported) queues (query row, key slot) pairs during
/// <see cref="Run"/> and is served every distance before the run returns.
/// <para>
/// <b>Why.</b> At d = 200 reading a request's 800-byte vector costs as much as one core's memory bandwidth allows
/// at about 10M requests/s, while deciding a hit is a few loads; so the distances are shared out to worker
/// threads, <see cref="HandOff"/> at a time, as soon as the previous share is done, and the calling thread
/// computes whatever is left at the end: deciding and reading vectors overlap.
/// </para>
/// <para>
/// <b>Determinism.</b> Every distance is <see cref="KeyStore.Distance(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// of the prepared query and the key's vector, whoever computes it, and it is served in queue order: results are
/// bit-identical for any thread count and the same as computing each distance at once. A key's vector changes
/// only when its slot is refilled (or rekeyed); <see cref="BeforeChange"/> computes, or waits for, every queued
/// distance that reads it first.
/// </para>
/// <para>
/// <b>When.</b> With one thread, or after a run where fewer than <see cref="DeferAbove"/> of the rows queued a
/// distance, each distance is computed as soon as it is queued (the misses the policy handles in order would
/// leave workers too little). The choice depends only on the previous run's counts and changes only the speed.
/// </para>
/// </summary>
public sealed class DeferredDistances : IDisposable
{
    /// <summary>The most distances queued before they are all computed and served.</summary>
    public const int DefaultLimit = 4096;

    /// <summary>Fewer queued distances than this are computed on the calling thread alone (a hand-off costs microseconds).</summary>
    private const int ParallelMinimum = 512;

    /// <summary>Queued distances handed to the workers at a time while the calling thread goes on deciding.</summary>
    private const int HandOff = 256;

    /// <summary>Distances are deferred only after a run where at least this share of the rows queued one.</summary>
    private const double DeferAbove = 0.75;

    private readonly KeyStore _store;
    private readonly int _limit;
    private readonly int[] _row, _slot;
    private readonly float[] _distance;
    private readonly int[] _firstQueued, _lastQueued; // per slot: its first and last queued distance (−1: none)
    private float[]? _prepared; // cosine: the queued queries' normalised vectors, one row per queued distance
    private PartitionWorkers? _workers;
    private Action<int>? _part;
    private unsafe float* _queries; // the run's query rows while it runs (pinned by Run)
    private int _rows; // rows of the running run (0: no run)
    private int _queued, _handed; // queued distances [0, _handed) are computed or being computed by the workers
    private int _workerFrom, _workerTo, _firstPart; // the workers' range; 1 after Begin (workers alone), 0 under Run
    private double _queuedShare = 1; // of the previous run: the first run defers

    /// <summary>
    /// Distances to the keys of <paramref name="store"/> on <paramref name="threads"/> threads (the caller's
    /// included; worker threads start at the first run that defers), at most <paramref name="limit"/> queued.
    /// </summary>
    public DeferredDistances(KeyStore store, int threads, int limit = DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _store = store;
        Threads = threads;
        _limit = limit;
        _row = new int[limit];
        _slot = new int[limit];
        _distance = new float[limit];
        _firstQueued = new int[store.Slots];
        _lastQueued = new int[store.Slots];
        Array.Fill(_firstQueued, -1);
        Array.Fill(_lastQueued, -1);
        if (store.Metric != DistanceMetric.L2) _prepared = new float[checked(limit * store.Dimension)];
    }

    /// <summary>Threads computing distances, the caller's included.</summary>
    public int Threads { get; }

    /// <summary>
    /// Decides every row of <paramref name="queries"/> (rows of the store's dimension) with
    /// <paramref name="run"/>, in order, computes the distance of every key it names to its row's query, and
    /// serves them (<see cref="IDistanceRun.Serve"/>) before returning. If the run throws, no worker is left
    /// reading the queries and this object is ready for the next run; distances queued but not served are lost.
    /// </summary>
    public unsafe void Run<TRun>(ReadOnlySpan<float> queries, ref TRun run) where TRun : IDistanceRun, allows ref struct
    {
        int d = _store.Dimension;
        if (queries.Length % d != 0) throw new ArgumentException($"{queries.Length} floats are not rows of {d}", nameof(queries));
        if (_rows != 0) throw new InvalidOperationException("a run is already under way");
        int rows = queries.Length / d;
        if (rows == 0) return;
        bool deferring = Threads > 1 && _queuedShare >= DeferAbove;
        if (deferring && _workers is null) // at the first deferring run, whatever its size: a replay's allocations do not grow with it
        {
            _workers = new PartitionWorkers(Threads);
            _part = ComputePart;
        }
        int queued = 0;
        fixed (float* pointer = queries)
        {
            _queries = pointer;
            _rows = rows;
            try
            {
                uint slots = (uint)_store.Slots;
                for (int r = 0; r < rows; r++)
                {
                    int slot = run.Decide(r);
                    if (slot < 0) continue;
                    if ((uint)slot >= slots) throw new ArgumentOutOfRangeException(nameof(run), $"slot {slot} is not in the store (0..{slots - 1})");
                    queued++;
                    if (!deferring)
                    {
                        run.Serve(r, slot, Distance(Query(r), slot));
                        continue;
                    }
                    if (_queued == _limit) Complete(ref run);
                    Enqueue(r, slot);
                    if (_queued - _handed >= HandOff && _workers!.Finished) HandToWorkers();
                }
                if (_queued > 0) Complete(ref run);
            }
            finally
            {
                try
                {
                    _workers?.Join(); // never leave a worker reading the caller's queries
                }
                finally
                {
                    for (int i = 0; i < _queued; i++) _firstQueued[_slot[i]] = _lastQueued[_slot[i]] = -1; // after a failure
                    _queued = _handed = _workerFrom = _workerTo = 0;
                    _queries = null;
                    _rows = 0;
                }
            }
        }
        _queuedShare = (double)queued / rows;
    }

    /// <summary>
    /// The key in <paramref name="slot"/> is about to change (a refill or a rekey): every queued distance that
    /// reads it is computed first. Call it from <see cref="IDistanceRun.Decide"/>; outside a run, and for a slot
    /// with no queued distance (or −1), it does nothing.
    /// </summary>
    public void BeforeChange(int slot)
    {
        if ((uint)slot >= (uint)_lastQueued.Length || _lastQueued[slot] < 0) return;
        if (_lastQueued[slot] >= _handed) // those not handed out yet: all of them, in order (cheaper than picking)
        {
            ComputeRange(_handed, _queued);
            _handed = _queued;
        }
        if (_workers is not null && !_workers.Finished && _firstQueued[slot] < _workerTo && _lastQueued[slot] >= _workerFrom)
            _workers.Join();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enqueue(int row, int slot)
    {
        int i = _queued++;
        if (_prepared is not null)
        {
            int d = _store.Dimension;
            _store.PrepareInto(Query(row), _prepared.AsSpan(i * d, d));
        }
        if (_firstQueued[slot] < 0) _firstQueued[slot] = i;
        _lastQueued[slot] = i;
        _row[i] = row;
        _slot[i] = slot;
    }

    /// <summary>
    /// The distance between <paramref name="query"/> (a request vector) and key <paramref name="slot"/>, computed
    /// now and bit for bit as in bulk: for a policy's request-at-a-time path, so both paths agree.
    /// </summary>
    public float Distance(ReadOnlySpan<float> query, int slot) =>
        _store.Distance(_store.Metric == DistanceMetric.L2 ? query : _store.Prepare(query).Vector, _store.Vector(slot)); // L2: a vector is its own prepared form

    /// <summary>Row <paramref name="row"/> of the running run's queries.</summary>
    private unsafe ReadOnlySpan<float> Query(int row) => new(_queries + (long)row * _store.Dimension, _store.Dimension);

    /// <summary>Gives the workers the queued distances not handed out yet (the previous hand-off has finished).</summary>
    private void HandToWorkers()
    {
        _workers!.Join();
        _workerFrom = _handed;
        _workerTo = _handed = _queued;
        _firstPart = 1;
        _workers.Begin(_part!);
    }

    /// <summary>
    /// Every queued distance: the calling thread computes those not handed out (with the workers too, if they
    /// are idle and it is worth it), waits for the workers' share, then serves them all in queue order.
    /// </summary>
    private void Complete<TRun>(ref TRun run) where TRun : IDistanceRun, allows ref struct
    {
        int n = _queued;
        var workers = _workers!;
        if (n - _handed >= ParallelMinimum && workers.Finished)
        {
            workers.Join();
            _workerFrom = _handed;
            _workerTo = _handed = n;
            _firstPart = 0;
            workers.Run(_part!); // parts 0.. over [from, to): this thread takes part 0
        }
        else
        {
            ComputeRange(_handed, n); // alongside the workers' last hand-off, if still running
            _handed = n;
            workers.Join();
        }
        for (int i = 0; i < n; i++)
        {
            int slot = _slot[i];
            _firstQueued[slot] = _lastQueued[slot] = -1;
            run.Serve(_row[i], slot, _distance[i]);
        }
        _queued = _handed = 0;
    }

    /// <summary>
    /// Part <paramref name="part"/> of the handed-out range [_workerFrom, _workerTo): a fixed split, so no result
    /// depends on scheduling. After <see cref="PartitionWorkers.Begin"/> part 0 is not run and the workers split
    /// the range; under <see cref="PartitionWorkers.Run"/> every part takes its share.
    /// </summary>
    private void ComputePart(int part)
    {
        int share = Threads - _firstPart, index = part - _firstPart;
        if (index < 0) return;
        long length = _workerTo - _workerFrom;
        ComputeRange(_workerFrom + (int)(length * index / share), _workerFrom + (int)(length * (index + 1) / share));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ComputeRange(int from, int to)
    {
        // Fields read once: the calling thread writes this object's counters while the workers run.
        var store = _store;
        int d = store.Dimension;
        var prepared = _prepared;
        float* queries = _queries;
        int[] rows = _row, slots = _slot;
        float[] distances = _distance;
        for (int i = from; i < to; i++)
        {
            var query = prepared is null ? new ReadOnlySpan<float>(queries + (long)rows[i] * d, d) : prepared.AsSpan(i * d, d);
            distances[i] = store.Distance(query, store.Vector(slots[i]));
        }
    }

    public void Dispose() => _workers?.Dispose();
}
