using SimCache.Caching.Configuration;
using SimCache.Caching.Core;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>rnd-lru(capacity, gamma, seed)</c> (docs/METHODS.md §3.2; Ben Mazziane et al.): y* = the nearest key; with
/// probability β(x, y*) the request misses (retrieved, inserted at the front, the back evicted), otherwise y*
/// serves and moves to the front. β = min(1, (C_a(x, y*) / C_r)^γ): γ = 1 is the reference's default, any
/// γ &gt; 0 gives another increasing β, and with the 0/1 threshold cost β = 1[d &gt; θ], which is SIM-LRU.
/// <b>Randomness:</b> one <c>System.Random(seed)</c> draw u ∈ [0, 1) per lookup that finds a key; miss iff
/// u &lt; β (so β = 0 always serves and β = 1 always misses). An empty cache misses without a draw.
/// </summary>
public sealed class RndLruPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("rnd-lru",
        [new("capacity", null, "keys kept"), new("gamma", "1", "β = min(1, (C_a/C_r)^γ)"), new("seed", "context seed", "random seed")],
        "LRU that misses with probability β(C_a/C_r)",
        s => new RndLruPolicy(s, s.Args.Int("capacity", 1), s.Args.Double("gamma", 0, minExclusive: true), s.ReadSeed()));

    private readonly double _gamma;
    private readonly Random _random;

    public RndLruPolicy(PolicySetup setup, int capacity, double gamma, int seed)
        : base(setup, capacity)
    {
        _gamma = gamma;
        _random = new Random(seed);
    }

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var (slot, d) = NearestKey(request);
        if (slot < 0) return Miss(d, AdmissionKind.Insert);
        double ratio = Cost.Approximation(d) / Cost.Retrieval;
        double beta = Math.Min(1, _gamma == 1 ? ratio : Math.Pow(ratio, _gamma));
        if (_random.NextDouble() < beta) return Miss(d, AdmissionKind.Insert);
        Lru.MoveToFront(slot);
        return Hit(slot, d);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => Cost.Approximation(distance) < Cost.Retrieval;
}
