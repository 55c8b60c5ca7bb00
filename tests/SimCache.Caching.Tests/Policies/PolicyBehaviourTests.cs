using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Oracles;
using SimCache.Caching.Tests.Support;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>Hand-built timelines (d = 2) whose outcomes follow from docs/METHODS.md §3 by hand.</summary>
public class PolicyBehaviourTests
{
    private static SimilarityCache Cache(string spec) => CacheFactory.Create(spec, new CacheContext { Dimension = 2, AnswerLength = 2 });

    private static CacheOutcome At(SimilarityCache c, float x, float y = 0, int user = 0, double time = 0, bool admit = true)
    {
        var r = new CacheRequest(user, time, [x, y], [(int)x, user]);
        var o = c.Lookup(r);
        if (admit) c.Admit(r, o);
        return o;
    }

    [Fact]
    public void SimLruServesWithinThetaInclusiveInsertsAtTheFrontAndEvictsTheBack()
    {
        using var c = Cache("sim-lru(capacity=2, threshold=1)");
        Assert.Equal(OutcomeKind.Miss, At(c, 0).Kind);
        var o = At(c, 0.5f);
        Assert.Equal(OutcomeKind.ApproximateHit, o.Kind);
        Assert.Equal(0.5f, o.Distance);
        Assert.Equal(0.5, o.Cost);
        Assert.Equal(new[] { 0, 0 }, c.ServedAnswer(o).ToArray()); // the answer of the key at 0
        Assert.Equal(OutcomeKind.Miss, At(c, 5).Kind);   // keys front-first: 5, 0
        Assert.Equal(OutcomeKind.ExactHit, At(c, 0).Kind); // 0, 5
        Assert.Equal(OutcomeKind.Miss, At(c, 10).Kind);  // 10, 0 — 5 was at the back
        Assert.Equal(OutcomeKind.Miss, At(c, 5.5f).Kind);
        Assert.Equal(OutcomeKind.ApproximateHit, At(c, 6.5f).Kind); // d = 1 exactly: served (inclusive)
        Assert.Equal(2, c.Count);
        Assert.Equal(7, c.Stats.Requests);
    }

    [Fact]
    public void AMissIsOnlyInsertedWhenAdmitted()
    {
        using var c = Cache("sim-lru(capacity=2, threshold=1)");
        var r = new CacheRequest(1, 0, [3f, 0f]);
        var o = c.Lookup(r);
        Assert.Equal(AdmissionKind.Insert, o.Admission);
        Assert.Equal(OutcomeKind.Miss, At(c, 3, admit: false).Kind); // still in flight: not in the cache
        c.Admit(r, o, now: 0.7);
        var hit = At(c, 3);
        Assert.Equal(OutcomeKind.ExactHit, hit.Kind);
        Assert.Equal(0.7, c.Policy.Store!.Admitted(hit.Slot));
        Assert.True(c.WouldServe(0, 0, 1f));
        Assert.False(c.WouldServe(0, 0, 1.0001f));
    }

    [Fact]
    public void LruServesAUserFromTheUserSOwnEntryAtTheDriftDistance()
    {
        using var c = Cache("lru(capacity=2)");
        Assert.Equal(OutcomeKind.Miss, At(c, 0, user: 1).Kind);
        var o = At(c, 0, 3, user: 1);
        Assert.Equal(OutcomeKind.ApproximateHit, o.Kind);
        Assert.Equal(3f, o.Distance);
        Assert.Equal(OutcomeKind.Miss, At(c, 0, 3, user: 2).Kind); // another user at the same point misses
        At(c, 9, user: 3);                                          // evicts user 1 (back)
        Assert.Equal(OutcomeKind.Miss, At(c, 0, user: 1).Kind);
        Assert.Equal(OutcomeKind.ExactHit, At(c, 0, user: 1).Kind);
        Assert.True(c.WouldServe(4, 4, 100));
        Assert.False(c.WouldServe(4, 5, 0));
        // Two retrievals in flight for one user leave one key, the later one.
        using var d = Cache("lru(capacity=3)");
        var r1 = new CacheRequest(7, 0, [1f, 0f]);
        var r2 = new CacheRequest(7, 1, [2f, 0f]);
        var o1 = d.Lookup(r1);
        var o2 = d.Lookup(r2);
        d.Admit(r1, o1, 2);
        d.Admit(r2, o2, 3);
        Assert.Equal(1, d.Count);
        Assert.Equal(OutcomeKind.ExactHit, At(d, 2, user: 7, time: 4).Kind);
    }

    [Fact]
    public void ClsLruMovesAKeyServedFromBeyondTheInnerRadiusToTheRequest()
    {
        using var c = Cache("cls-lru(capacity=2, threshold=1, inner=0.5)");
        At(c, 0);
        var o = At(c, 0.25f);
        Assert.Equal(AdmissionKind.None, o.Admission);            // within θ': the key stays
        o = At(c, 0.75f);
        Assert.Equal(OutcomeKind.ApproximateHit, o.Kind);
        Assert.Equal(AdmissionKind.Rekey, o.Admission);
        Assert.Equal(1, o.Fetches);
        Assert.Equal(OutcomeKind.ExactHit, At(c, 0.75f).Kind);    // the key is now at 0.75
        Assert.Equal(OutcomeKind.ApproximateHit, At(c, 1.6f).Kind); // 0.85 from the moved key (1.6 from the old one)
        Assert.Equal(1, c.Count);
        // With latency, a move is dropped if its entry left before the answer arrived.
        using var d = Cache("cls-lru(capacity=1, threshold=1, inner=0.1)");
        At(d, 0);
        var r = new CacheRequest(0, 0, [0.5f, 0f]);
        var move = d.Lookup(r);
        At(d, 9);                                                 // evicts the key at 0
        d.Admit(r, move);
        Assert.Equal(OutcomeKind.ExactHit, At(d, 9).Kind);
        Assert.Equal(1, d.Count);
    }

    [Fact]
    public void DuelCandidateReplacesTheIncumbentOnceItLeadsByTheMargin()
    {
        using var c = Cache("duel(capacity=1, beta=1, window=200, margin=1, cost=power(alpha=1, cr=1))");
        var duel = (DuelPolicy)c.Policy;
        Assert.Equal(OutcomeKind.Miss, At(c, 0).Kind);    // inserted: the cache was not full
        Assert.Equal(OutcomeKind.Miss, At(c, 3).Kind);    // full: 3 duels 0
        Assert.Equal(1, Counter(duel, "duels_started"));
        // Each request at 3.1: served by 0? C_a = 3.1 ≥ C_r: miss. Savings against S∖{0} = ∅ (B = C_r = 1):
        // incumbent 1 − min(1, 3.1) = 0, candidate 1 − 0.1 = 0.9. Its admission is blocked: within the radius
        // (C_r^(1/α) = 1) of the duelling candidate.
        Assert.Equal(OutcomeKind.Miss, At(c, 3.1f).Kind);
        Assert.Equal(1, Counter(duel, "duels_blocked_radius"));
        Assert.Equal(0, Counter(duel, "duels_won"));
        Assert.Equal(OutcomeKind.Miss, At(c, 3.1f).Kind); // counters 1.8 vs 0: the candidate wins after this request
        Assert.Equal(1, Counter(duel, "duels_won"));
        var o = At(c, 3.1f);                              // the replacement took effect before this lookup
        Assert.Equal(OutcomeKind.ApproximateHit, o.Kind);
        Assert.Equal(0.1f, o.Distance, 5);
        Assert.Equal(1, c.Count);
    }

    [Fact]
    public void AnUndecidedDuelEndsAfterTheWindowAndTheIncumbentStays()
    {
        using var c = Cache("duel(capacity=1, beta=1, window=3, margin=1000, cost=power(alpha=1, cr=1))");
        var duel = (DuelPolicy)c.Policy;
        At(c, 0);
        At(c, 3);                            // duel starts
        for (int i = 0; i < 3; i++) At(c, 0.2f);   // hits on 0: incumbent saves 0.8 each, candidate 0
        Assert.Equal(1, Counter(duel, "duels_kept"));
        Assert.Equal(0, Counter(duel, "duels_active"));
        Assert.Equal(OutcomeKind.ExactHit, At(c, 0).Kind);
        At(c, 9);                            // a new duel may start now
        Assert.Equal(2, Counter(duel, "duels_started"));
    }

    [Fact]
    public void ADuellingKeyIsNotChallengedAgainAndAnExpiredIncumbentCancelsItsDuel()
    {
        var ctx = new CacheContext { Dimension = 2, Ttl = 100 };
        using var c = CacheFactory.Create("duel(capacity=1, beta=1, window=200, margin=1000, radius=0.1, cost=power(alpha=1, cr=1))", ctx);
        var duel = (DuelPolicy)c.Policy;
        At(c, 0, time: 0);
        At(c, 5, time: 1);                   // duel: 5 challenges 0
        At(c, -5, time: 2);                  // nearest key is 0 again, already defending: dropped
        Assert.Equal(1, Counter(duel, "duels_started"));
        Assert.Equal(1, Counter(duel, "duels_blocked_busy"));
        Assert.Equal(1, c.ExpireUpTo(100));  // the incumbent (admitted at 0) expires: its duel is cancelled
        Assert.Equal(1, Counter(duel, "duels_cancelled"));
        Assert.Equal(0, Counter(duel, "duels_active"));
        Assert.Equal(OutcomeKind.Miss, At(c, 7, time: 101).Kind);
        Assert.Equal(1, c.Count);             // not full any more: inserted directly
    }

    [Fact]
    public void AMovedKeyCountsAsTheNewestInsertionForTies()
    {
        using var c = Cache("cls-lru(capacity=3, threshold=1, inner=0.1)");
        At(c, 4);                                         // key B (sequence 0)
        At(c, 10);                                        // key C (sequence 1)
        Assert.Equal(AdmissionKind.Rekey, At(c, 4.5f).Admission); // B served at 0.5 > θ': B moves to 4.5 (sequence 2)
        var store = c.Policy.Store!;
        var near = new SimCache.Caching.Indexes.Neighbor[2];
        store.Nearest(store.Prepare([7.25f, 0f]), 2, near); // 2.75 from both: the earlier insertion wins
        Assert.Equal(2.75f, near[0].Distance);
        Assert.Equal(2.75f, near[1].Distance);
        Assert.Equal(10f, store.Vector(near[0].Slot)[0]);
        Assert.Equal(4.5f, store.Vector(near[1].Slot)[0]);
    }

    [Fact]
    public void RndLruWithTheThresholdCostIsSimLru()
    {
        var t = TraceData.Load(RepoFiles.GoldenTrace);
        foreach (var (k, theta) in new[] { (4, 0.3), (32, 0.6) })
        {
            Counts rnd, sim;
            using (var c = Replay.Create($"rnd-lru(capacity={k}, cost=threshold(theta={theta}))", t, seed: 5)) rnd = Replay.Run(c, t);
            using (var c = Replay.Create($"sim-lru(capacity={k}, threshold={theta})", t)) sim = Replay.Run(c, t);
            Assert.Equal(sim, rnd);
        }
    }

    [Fact]
    public void StaticGreedyHitsExactlyTheRequestsItsPlacementCovers()
    {
        var t = TraceData.Load(RepoFiles.GoldenTrace);
        using var c = Replay.Create("static-greedy(capacity=32, threshold=0.6)", t);
        var policy = (StaticGreedyPolicy)c.Policy;
        var counts = Replay.Run(c, t);
        Assert.Equal(policy.Covered, counts.Hits);
        Assert.Equal(32, policy.KeyRows.Count);
        Assert.Equal(32, counts.Exact);   // each key's own row
        // Evenly spaced candidates: every key row is a multiple of n/M.
        using var few = Replay.Create("static-greedy(capacity=8, threshold=0.6, candidates=100)", t);
        foreach (int row in ((StaticGreedyPolicy)few.Policy).KeyRows) Assert.Contains(row, Enumerable.Range(0, 100).Select(c => (int)((long)c * t.Count / 100)));
    }

    private static double Counter(CachePolicy p, string name) => p.Counters.Single(c => c.Name == name).Value;
}
