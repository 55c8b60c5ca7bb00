using SimCache.Caching.Configuration;
using SimCache.Caching.Core;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>qlru-dc(capacity, q, seed)</c>: qLRU-ΔC of Garetto, Leonardi and Neglia (docs/METHODS.md §3.2). z = the
/// nearest key, C(x, S) = min(C_r, C_a(x, z)).
/// If C_a(x, z) ≥ C_r (or the cache is empty): miss; x is retrieved and inserted at the front with probability
/// q. Otherwise z serves; z moves to the front with probability (C(x, S∖{z}) − C_a(x, z)) / C_r, where
/// C(x, S∖{z}) uses the second-nearest key (C_r if there is none); and x is also retrieved (a background fetch)
/// and inserted with probability q·C_a(x, z)/C_r. Either way x enters with probability q·C(x, S)/C_r.
/// <b>Randomness:</b> <c>System.Random(seed)</c>; a miss draws one u (insert iff u &lt; q); a hit draws u₁
/// (move iff u₁ &lt; p_move) then u₂ (insert iff u₂ &lt; p_insert). The move happens at lookup, the insertion
/// at admission, in front of z.
/// </summary>
public sealed class QLruDcPolicy : RecencyPolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("qlru-dc",
        [new("capacity", null, "keys kept"), new("q", "0.1", "insertion probability q ∈ (0, 1]"), new("seed", "context seed", "random seed")],
        "qLRU-ΔC: cost-aware probabilistic insertion and refresh",
        s => new QLruDcPolicy(s, s.Args.Int("capacity", 1), s.Args.Double("q", 0, 1, minExclusive: true), s.ReadSeed()));

    private readonly double _q;
    private readonly Random _random;
    private long _moves;

    public QLruDcPolicy(PolicySetup setup, int capacity, double q, int seed)
        : base(setup, capacity)
    {
        if (!(q > 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in (0, 1]");
        _q = q;
        _random = new Random(seed);
    }

    public override IEnumerable<PolicyCount> Counters => [.. base.Counters, MovesCounter.With(_moves)];

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var store = Store!;
        var query = store.Prepare(request.Vector, request.BlockRow);
        int n = store.Nearest(query, 2, Nearby);
        double cr = Cost.Retrieval;
        double ca = n == 0 ? double.PositiveInfinity : Cost.Approximation(Nearby[0].Distance);
        if (n == 0 || ca >= cr)
            return Miss(n == 0 ? float.PositiveInfinity : Nearby[0].Distance, _random.NextDouble() < _q ? AdmissionKind.Insert : AdmissionKind.None);
        int z = Nearby[0].Slot;
        double without = n > 1 ? Cost.Best(Nearby[1].Distance) : cr;
        if (_random.NextDouble() < (without - ca) / cr)
        {
            Lru.MoveToFront(z);
            _moves++;
        }
        bool insert = _random.NextDouble() < _q * ca / cr;
        return Hit(z, Nearby[0].Distance, insert ? AdmissionKind.Insert : AdmissionKind.None, fetches: insert ? 1 : 0);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => Cost.Approximation(distance) < Cost.Retrieval;
}
