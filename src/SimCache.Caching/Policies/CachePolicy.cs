using SimCache.Caching.Core;
using SimCache.Caching.Costs;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Policies;

/// <summary>
/// The one small contract every policy implements (Caffeine-simulator style): look a request up — decide
/// what serves it and update the policy's state — and, once the request's own answer has been retrieved, admit
/// it as the policy asked. Everything else (answers, expiry, batched lookups, recall) has a default here that a
/// key-based policy inherits from its <see cref="KeyStore"/>.
/// <para>
/// Lookup and admission are separate because a miss's answer arrives after a latency: the simulator calls
/// <see cref="Admit"/> when the retrieval completes (at once with zero latency), after it has read the served
/// answer, which an admission may overwrite.
/// </para>
/// </summary>
public abstract class CachePolicy : IDisposable
{
    protected CachePolicy(PolicySetup setup)
    {
        // A values-only check ends here: every parameter a policy reads before its constructor has been read.
        if (setup.Probe == PolicyProbe.Values) throw new PolicyProbeStop();
        Setup = setup;
        Cost = setup.Cost;
    }

    protected PolicySetup Setup { get; }

    public CostModel Cost { get; }

    /// <summary>The keys, for key-based policies (null otherwise).</summary>
    public KeyStore? Store { get; private set; }

    /// <summary>Capacity in keys (items, for k-NN caches).</summary>
    public abstract int Capacity { get; }

    /// <summary>Keys held now.</summary>
    public virtual int Count => Store?.Count ?? 0;

    /// <summary>Decides how the request is served and updates the policy's state; inserts nothing yet.</summary>
    public abstract CacheOutcome Lookup(in CacheRequest request);

    /// <summary>Applies the admission <paramref name="outcome"/> asked for, at time <paramref name="now"/>.</summary>
    public virtual void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission != AdmissionKind.None)
            throw new InvalidOperationException($"{GetType().Name} does not admit {outcome.Admission}");
    }

    /// <summary>
    /// Serves a run of consecutive requests with zero latency: each request is looked up and, if its outcome
    /// asks for an admission, admitted at its own time before the next one is looked up. Row r of the run is
    /// user <paramref name="users"/>[r] at <paramref name="times"/>[r] with vector r of
    /// <paramref name="vectors"/> (row-major, <see cref="KeyStore.Dimension"/> floats each), and carries block row
    /// <paramref name="firstBlockRow"/> + r of the current <see cref="BeginBlock"/> (−1: no block). Its outcome
    /// goes to <paramref name="outcomes"/>[r]. The contract is strict: outcomes and the policy's state afterwards
    /// equal those of <see cref="Lookup"/> then <see cref="Admit"/> one request at a time, which is what this
    /// default does. A policy overrides it only to do the same work in bulk (lru defers its drift distances and
    /// computes them several at a time), so a replay gets the speed without a second set of rules to check.
    /// </summary>
    public virtual void ProcessRun(ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors, int firstBlockRow,
        Span<CacheOutcome> outcomes)
    {
        int n = users.Length, d = vectors.Length / Math.Max(n, 1);
        for (int r = 0; r < n; r++)
        {
            var request = new CacheRequest(users[r], times[r], vectors.Slice(r * d, d), default, firstBlockRow < 0 ? -1 : firstBlockRow + r);
            var o = Lookup(request);
            if (o.Admission != AdmissionKind.None) Admit(request, o, times[r]);
            outcomes[r] = o;
        }
    }

    /// <summary>
    /// The policy's hit rule for a key being fetched, used for delayed hits: would a request of
    /// <paramref name="requestUser"/> at <paramref name="distance"/> from the key of <paramref name="keyUser"/> be
    /// served by it?
    /// </summary>
    public abstract bool WouldServe(int requestUser, int keyUser, float distance);

    /// <summary>The answer list served (empty on a miss: the request's own answer is served). Valid until the next call.</summary>
    public virtual ReadOnlySpan<int> ServedAnswer(in CacheOutcome outcome) =>
        outcome.IsHit && outcome.Slot >= 0 && Store is not null ? Store.Answer(outcome.Slot) : default;

    /// <summary>
    /// Whether lookups search for nearest keys. A policy that finds its key another way (lru: by user id) says
    /// false, and a replay then skips the blocked search and the preparation of request vectors for it.
    /// </summary>
    public virtual bool NeedsNearestKeys => true;

    /// <summary>
    /// Whether every approximate hit is charged exactly <c>Cost.Approximation(outcome.Distance)</c> (true for every
    /// key-based policy, whose hits are built by <see cref="Hit"/>). A replay then keeps only the distances and
    /// recomputes the cost of each when it takes quantiles: half the samples to store, the same values.
    /// </summary>
    public virtual bool CostFollowsDistance => true;

    public virtual void BeginBlock(ReadOnlySpan<float> vectors, int rows) => Store?.BeginBlock(vectors, rows);

    public virtual void EndBlock() => Store?.EndBlock();

    public virtual int ExpireUpTo(double now) => Store?.ExpireUpTo(now) ?? 0;

    public virtual double NextExpiry => Store?.NextExpiry ?? double.PositiveInfinity;

    /// <summary>The index's measured recall, if sampling was requested.</summary>
    public virtual IndexRecall? Recall => Store?.Index?.Recall;

    /// <summary>
    /// Policy-specific counters (duels won, keys moved, ...), each a declared <see cref="PolicyCounter"/> with its
    /// value: they reach summary.json's <c>policy</c> object and the results' columns as they are.
    /// </summary>
    public virtual IEnumerable<PolicyCount> Counters => [];

    /// <summary>
    /// Called once when a replay has ended: a policy whose result is degenerate in a way only it can tell (a
    /// placement policy that never placed a key) adds a warning to <see cref="CacheContext.Warnings"/>, so the
    /// number it produced is not taken at face value.
    /// </summary>
    public virtual void Conclude() { }

    /// <summary>Uses <paramref name="store"/> for this policy's keys and hears about its removals.</summary>
    protected KeyStore UseStore(KeyStore store)
    {
        Store = store;
        store.Removed = OnRemoved;
        return store;
    }

    /// <summary>A key left the store (evicted by the policy or expired); unlink it from the policy's structures.</summary>
    protected virtual void OnRemoved(int slot) { }

    /// <summary>A hit served by <paramref name="slot"/> at <paramref name="distance"/>.</summary>
    protected CacheOutcome Hit(int slot, float distance, AdmissionKind admission = AdmissionKind.None, int targetVersion = 0, int fetches = 0) =>
        new(distance == 0 ? OutcomeKind.ExactHit : OutcomeKind.ApproximateHit, slot, distance, Cost.Approximation(distance), admission, targetVersion, fetches);

    /// <summary>A miss; <paramref name="nearest"/> is the distance to the nearest key (+∞ if none).</summary>
    protected CacheOutcome Miss(float nearest, AdmissionKind admission) =>
        new(OutcomeKind.Miss, -1, nearest, Cost.Retrieval, admission, 0, 1);

    public virtual void Dispose()
    {
        Store?.Dispose();
        GC.SuppressFinalize(this);
    }
}
