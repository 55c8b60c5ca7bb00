using System.Runtime.CompilerServices;
using SimCache.Caching.Bulk;
using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>lru(capacity, threads)</c>: the classic cache keyed by user id, the baseline (docs/METHODS.md §3.2). A request
/// of a user whose answer is cached is served that answer — an approximate hit at the user's drift, the
/// distance between the embedding it was computed for and the current one (an exact hit only if the embedding
/// did not move) — and moves to the front; any other request misses and its user is inserted at the front. The
/// index is not used. If a user is admitted while already cached (two retrievals in flight), the cached key is
/// replaced by the newer embedding and answer and moved to the front.
/// <para>
/// The drift decides nothing, it is only reported; so a zero-latency run (<see cref="ProcessRun"/>) decides
/// request by request and has the drifts computed in bulk on <c>threads</c> cores meanwhile
/// (<see cref="DeferredDistances"/>), with the same results for any thread count.
/// </para>
/// </summary>
public sealed class LruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("lru",
        [new("capacity", null, "users whose answers are kept"),
         new("threads", "0", "threads computing the drifts of a zero-latency replay (0: all cores, or one per point when a sweep runs several at once); results do not depend on it")],
        "LRU keyed by user id (served answer = the same user's cached answer)",
        s => new LruPolicy(s, s.Args.Int("capacity", 1), s.Context.ResolveThreads(s.Args.Int("threads", 0, 1024))));

    private readonly UserSlots _slotOfUser;
    private readonly DeferredDistances _drifts;

    public LruPolicy(PolicySetup setup, int capacity, int threads = 1)
        : base(setup, capacity, indexed: false)
    {
        _slotOfUser = new UserSlots(Math.Clamp(capacity + 1, 4096, 1 << 16));
        _drifts = new DeferredDistances(Store!, threads);
    }

    /// <summary>Threads computing the drifts of a zero-latency run, the caller's included.</summary>
    public int Threads => _drifts.Threads;

    /// <summary>The rule of a hit: the user's key, if cached, moves to the front and serves.</summary>
    private bool TryServe(int user, out int slot)
    {
        if (!_slotOfUser.TryGet(user, out slot)) return false;
        Lru.MoveToFront(slot);
        return true;
    }

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        if (!TryServe(request.User, out int slot)) return Miss(float.PositiveInfinity, AdmissionKind.Insert);
        return Hit(slot, _drifts.Distance(request.Vector, slot));
    }

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission != AdmissionKind.Insert) { base.Admit(request, outcome, now); return; }
        if (_slotOfUser.TryGet(request.User, out int slot))
        {
            _drifts.BeforeChange(slot);
            Store!.Rekey(slot, request.Vector, request.User, now, request.Answer);
            Lru.MoveToFront(slot);
            return;
        }
        Insert(request, now);
    }

    /// <summary>The rule of a miss: the user, not cached, is inserted at the front (evicting the back if full).</summary>
    private void Insert(in CacheRequest request, double now)
    {
        _drifts.BeforeChange(Store!.NextFreeSlot); // the slot about to be refilled may still have a drift to compute
        _slotOfUser.Set(request.User, InsertFront(request, now));
    }

    /// <summary>A zero-latency run: the same rule, request by request, with the hits' drifts computed in bulk.</summary>
    public override void ProcessRun(ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors,
        int firstBlockRow, Span<CacheOutcome> outcomes)
    {
        var run = new DriftRun(this, users, times, vectors, outcomes);
        _drifts.Run(vectors[..(users.Length * Store!.Dimension)], ref run);
    }

    /// <summary>One run's requests as <see cref="DeferredDistances"/> sees them: a hit names its key; a miss is inserted at once.</summary>
    private ref struct DriftRun(LruPolicy policy, ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors,
        Span<CacheOutcome> outcomes) : IDistanceRun
    {
        private readonly ReadOnlySpan<int> _users = users;
        private readonly ReadOnlySpan<double> _times = times;
        private readonly ReadOnlySpan<float> _vectors = vectors;
        private readonly Span<CacheOutcome> _outcomes = outcomes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // the hit path, a few loads: inlined into the run's loop
        public readonly int Decide(int row)
        {
            if (policy.TryServe(_users[row], out int slot)) return slot;
            Miss(row);
            return -1;
        }

        private readonly void Miss(int row)
        {
            _outcomes[row] = policy.Miss(float.PositiveInfinity, AdmissionKind.Insert);
            int d = policy.Store!.Dimension;
            policy.Insert(new CacheRequest(_users[row], _times[row], _vectors.Slice(row * d, d)), _times[row]);
        }

        public readonly void Serve(int row, int slot, float distance) => _outcomes[row] = policy.Hit(slot, distance);
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
        _drifts.Dispose();
        base.Dispose();
    }
}
