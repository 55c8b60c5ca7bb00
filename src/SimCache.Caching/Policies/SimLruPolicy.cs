using SimCache.Caching.Configuration;
using SimCache.Caching.Core;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>sim-lru(capacity, threshold)</c> (Pandey et al.; docs/METHODS.md §3.2): y* = the nearest key (ties to the
/// earliest insertion). If d(x, y*) ≤ θ — inclusive, the float distance compared with θ as a double — y*
/// serves and moves to the front. Otherwise the request misses and is inserted at the front once retrieved,
/// evicting the back if more than K keys (see <see cref="RecencyPolicy"/> for the order).
/// </summary>
public sealed class SimLruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("sim-lru",
        [new("capacity", null, "keys kept"), new("threshold", null, "largest distance served (inclusive)")],
        "LRU serving the nearest key within θ",
        s => new SimLruPolicy(s, s.Args.Int("capacity", 1), s.Args.Double("threshold", 0)));

    private readonly double _threshold;

    public SimLruPolicy(PolicySetup setup, int capacity, double threshold)
        : base(setup, capacity)
    {
        _threshold = threshold;
    }

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var (slot, d) = NearestKey(request);
        if (slot >= 0 && d <= _threshold)
        {
            Lru.MoveToFront(slot);
            return Hit(slot, d);
        }
        return Miss(d, AdmissionKind.Insert);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => distance <= _threshold;
}
