using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Data.IO;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>static-greedy(capacity, threshold, candidates)</c>: the offline yardstick (docs/METHODS.md §3.2). Before
/// the replay it reads the trace and places K keys chosen greedily among the requests to cover (d ≤ θ) as many
/// requests as possible (<see cref="GreedyCoverage"/>); during the replay the set never changes: a request is
/// served by its nearest key when d ≤ θ (inclusive) and misses otherwise, nothing being inserted. The coverage
/// and the greedy order do not depend on K: they are computed once per (trace content, metric, θ, candidates)
/// and shared, in the process, by every capacity (and seed) of a sweep.
/// <para>
/// Choices left open by the reference, made here: keys are inserted in the order greedy picked them (which
/// decides nearest-key ties); greedy keeps picking once every request is covered (gain 0, lowest row first),
/// so all K keys are used and served distances can only shrink; keys never expire; a key's answer is its trace
/// row's answer (the decoder's if the trace has none); with <c>candidates=M</c> (0: every request) keys are
/// chosen among M requests evenly spaced through the trace.
/// </para>
/// </summary>
public sealed class StaticGreedyPolicy : CachePolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("static-greedy",
        [new("capacity", null, "keys placed"), new("threshold", null, "largest distance served (inclusive)"),
         new("candidates", "0", "requests considered as keys, evenly spaced (0: all)")],
        "offline greedy placement covering the most requests within θ (knows the trace)",
        s => new StaticGreedyPolicy(s, s.Args.Int("capacity", 1), s.Args.Double("threshold", 0), s.Args.Int("candidates", 0)));

    private readonly int _capacity;
    private readonly double _threshold;
    private readonly Indexes.Neighbor[] _near = new Indexes.Neighbor[1];

    public StaticGreedyPolicy(PolicySetup setup, int capacity, double threshold, int candidates)
        : base(setup)
    {
        string path = setup.Context.TracePath
            ?? throw new UsageException("static-greedy is offline and needs the trace it will replay (the simulator passes it)");
        _capacity = capacity;
        _threshold = threshold;
        var store = UseStore(setup.CreateStore(capacity));
        var placement = GreedyCoverage.Choose(path, store, capacity, threshold, candidates, setup.Context.Reporter);
        int d = store.Dimension;
        for (int i = 0; i < placement.Rows.Length; i++)
            store.Add(placement.Vectors.AsSpan(i * d, d), placement.Users[i], double.PositiveInfinity, placement.Answers[i]);
        KeyRows = placement.Rows;
        Covered = placement.Covered;
    }

    public override int Capacity => _capacity;

    /// <summary>The trace rows placed as keys, in pick order.</summary>
    public IReadOnlyList<int> KeyRows { get; }

    /// <summary>Requests of the trace within θ of a placed key (the hits a replay of that trace will count).</summary>
    public long Covered { get; }

    public static readonly PolicyCounter CoveredCounter = new("covered", "requests", "requests of the trace within the threshold of a placed key");
    public static readonly PolicyCounter KeysCounter = new("keys", "keys", "keys the greedy cover placed");

    public override IEnumerable<PolicyCount> Counters => [CoveredCounter.With(Covered), KeysCounter.With(KeyRows.Count)];

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var q = Store!.Prepare(request.Vector, request.BlockRow);
        int n = Store.Nearest(q, 1, _near);
        if (n > 0 && _near[0].Distance <= _threshold) return Hit(_near[0].Slot, _near[0].Distance);
        return Miss(n > 0 ? _near[0].Distance : float.PositiveInfinity, AdmissionKind.None);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => distance <= _threshold;
}
