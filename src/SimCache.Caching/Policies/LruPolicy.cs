using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Vectors;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>lru(capacity)</c>: the classic cache keyed by user id, the baseline (REFERENCE.md §3). A request of a
/// user whose answer is cached is served that answer — an approximate hit at the user's drift, the distance
/// between the embedding it was computed for and the current one (an exact hit only if the embedding did not
/// move) — and moves to the front; any other request misses and its user is inserted at the front. The index
/// is not used. If a user is admitted while already cached (two retrievals in flight), the cached key is
/// replaced by the newer embedding and answer and moved to the front.
/// </summary>
public sealed class LruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("lru",
        [new("capacity", null, "users whose answers are kept")],
        "LRU keyed by user id (served answer = the same user's cached answer)",
        s => new LruPolicy(s, s.Args.Int("capacity", 1)));

    private readonly Dictionary<int, int> _slotOfUser;

    public LruPolicy(PolicySetup setup, int capacity)
        : base(setup, capacity, indexed: false)
    {
        _slotOfUser = new Dictionary<int, int>(capacity + 1);
    }

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        if (!_slotOfUser.TryGetValue(request.User, out int slot)) return Miss(float.PositiveInfinity, AdmissionKind.Insert);
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
        if (_slotOfUser.TryGetValue(request.User, out int slot))
        {
            Store!.Rekey(slot, request.Vector, request.User, now, request.Answer);
            Lru.MoveToFront(slot);
            return;
        }
        slot = InsertFront(request, now);
        _slotOfUser[request.User] = slot;
    }

    /// <summary>Keys are found by user id: no nearest-key search, so a replay skips its block work.</summary>
    public override bool NeedsNearestKeys => false;

    public override bool WouldServe(int requestUser, int keyUser, float distance) => requestUser == keyUser;

    protected override void OnRemoved(int slot)
    {
        base.OnRemoved(slot);
        int user = Store!.User(slot);
        if (_slotOfUser.TryGetValue(user, out int held) && held == slot) _slotOfUser.Remove(user);
    }
}
