using SimCache.Caching.Configuration;
using SimCache.Caching.Core;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>cls-lru(capacity, threshold, inner)</c>: cluster LRU after Pandey et al. The published rule could not be
/// checked, so this is the project's definition (docs/METHODS.md §3.2): as SIM-LRU, but an entry stands for a
/// cluster whose key follows where requests fall. With y* the nearest key and d its distance:
/// d ≤ θ' (<c>inner</c>) serves y* and moves it to the front; θ' &lt; d ≤ θ serves y* (an approximate hit at d),
/// moves it to the front and, once x's own answer has been retrieved (a background fetch, counted in
/// <see cref="CacheOutcome.Fetches"/>), moves the entry's key to x — its vector, answer, insertion sequence and
/// admission time become x's; d &gt; θ misses and inserts x as SIM-LRU does.
/// <para>
/// Choices left open by the reference, made here: θ' defaults to θ/2; a moved key counts as newly inserted
/// for the nearest-key tie rule and for expiry; if the entry has left or changed before x's answer arrives
/// (possible only with latency), the move is dropped.
/// </para>
/// </summary>
public sealed class ClsLruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("cls-lru",
        [new("capacity", null, "keys kept"), new("threshold", null, "largest distance served (inclusive)"),
         new("inner", "threshold/2", "radius θ' ≤ θ within which a key stays put")],
        "cluster LRU: a key serving from beyond θ' moves to the request",
        s =>
        {
            int k = s.Args.Int("capacity", 1);
            double theta = s.Args.Double("threshold", 0);
            double inner = s.Args.Has("inner") ? s.Args.Double("inner", 0, theta) : theta / 2;
            if (!s.Args.Has("inner")) s.Args.RecordNested("inner", SpecArguments.Num(inner));
            return new ClsLruPolicy(s, k, theta, inner);
        });

    private readonly double _threshold, _inner;
    private long _moves;

    public ClsLruPolicy(PolicySetup setup, int capacity, double threshold, double inner)
        : base(setup, capacity)
    {
        if (!(inner <= threshold)) throw new ArgumentOutOfRangeException(nameof(inner), inner, "inner radius must be ≤ threshold");
        _threshold = threshold;
        _inner = inner;
    }

    /// <summary>Keys moved to a request.</summary>
    public long Moves => _moves;

    public override IEnumerable<PolicyCount> Counters => [.. base.Counters, MovesCounter.With(_moves)];

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var (slot, d) = NearestKey(request);
        if (slot < 0 || d > _threshold) return Miss(d, AdmissionKind.Insert);
        Lru.MoveToFront(slot);
        return d <= _inner ? Hit(slot, d) : Hit(slot, d, AdmissionKind.Rekey, Store!.Version(slot), fetches: 1);
    }

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission != AdmissionKind.Rekey) { base.Admit(request, outcome, now); return; }
        var store = Store!;
        if (!store.IsLive(outcome.Slot) || store.Version(outcome.Slot) != outcome.TargetVersion) return;
        store.Rekey(outcome.Slot, request.Vector, request.User, now, request.Answer);
        Lru.MoveToFront(outcome.Slot);
        _moves++;
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => distance <= _threshold;
}
