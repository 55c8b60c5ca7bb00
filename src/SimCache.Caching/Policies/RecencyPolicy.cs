using SimCache.Caching.Core;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Policies;

/// <summary>
/// What the LRU family shares: K keys in recency order, a key moved to the front when it serves (or when the
/// policy says so), and a new key inserted at the front. <b>Order on insertion:</b> the new key is inserted at
/// the front first, then, while more than K keys are held, the back is evicted — so the cache briefly holds
/// K + 1 keys and the new key is never the one evicted; with K ≥ 1 this equals evicting the back first.
/// A policy that keeps other keys beside the recency list (gmm-placement's placed keys) bounds the list by
/// <see cref="RecencyCapacity"/> instead of K; for the pure LRU family every key is listed, so the two agree.
/// </summary>
public abstract class RecencyPolicy : CachePolicy
{
    private readonly int _capacity;
    private long _evictions;

    protected RecencyPolicy(PolicySetup setup, int capacity, bool indexed = true)
        : base(setup)
    {
        _capacity = capacity;
        RecencyCapacity = capacity;
        UseStore(setup.CreateStore((long)capacity + 1, indexed)); // long: capacity may be int.MaxValue
        Lru = new LruList(capacity + 1);
        Nearby = new Neighbor[2];
    }

    public override int Capacity => _capacity;

    protected LruList Lru { get; }

    /// <summary>Scratch for the nearest keys of a lookup.</summary>
    protected Neighbor[] Nearby { get; }

    /// <summary>The most keys the recency list may hold after an insertion (K unless the policy keeps other keys too).</summary>
    protected int RecencyCapacity { get; set; }

    /// <summary>Keys evicted by the policy (not by expiry).</summary>
    public long Evictions => _evictions;

    public static readonly PolicyCounter EvictionsCounter = new("evictions", "keys", "keys evicted by the policy to make room (not by expiry)");

    /// <summary>Counted by the policies whose rule moves a key that served (cls-lru re-keys it, qlru-dc refreshes it).</summary>
    public static readonly PolicyCounter MovesCounter = new("moves", "keys", "keys moved by the policy's rule: re-keyed to the request that an approximate hit served (cls-lru) or refreshed to the front (qlru-dc)");

    public override IEnumerable<PolicyCount> Counters => [EvictionsCounter.With(_evictions)];

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission == AdmissionKind.Insert) InsertFront(request, now);
        else base.Admit(request, outcome, now);
    }

    /// <summary>Inserts the request at the front, then evicts from the back while over capacity; returns the new slot.</summary>
    protected int InsertFront(in CacheRequest request, double now)
    {
        var store = Store!;
        int slot = store.Add(request.Vector, request.User, now, request.Answer);
        Lru.PushFront(slot);
        EvictOverflow();
        return slot;
    }

    /// <summary>Evicts from the back of the recency list while it holds more than <see cref="RecencyCapacity"/> keys.</summary>
    protected void EvictOverflow()
    {
        while (Lru.Count > RecencyCapacity)
        {
            Store!.Remove(Lru.Back);
            _evictions++;
        }
    }

    /// <summary>The nearest key of the request (−1 and +∞ when the cache is empty).</summary>
    protected (int Slot, float Distance) NearestKey(in CacheRequest request)
    {
        var q = Store!.Prepare(request.Vector, request.BlockRow);
        int n = Store.Nearest(q, 1, Nearby);
        return n == 0 ? (-1, float.PositiveInfinity) : (Nearby[0].Slot, Nearby[0].Distance);
    }

    protected override void OnRemoved(int slot) => Lru.Remove(slot);
}
