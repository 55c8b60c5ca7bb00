using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// A zero-latency run served in bulk (<see cref="SimilarityCache.ProcessRun"/>) must equal the same requests
/// looked up and admitted one at a time: every outcome field bit for bit, the statistics, and the state left
/// behind (checked by replaying more requests one at a time on both caches). lru overrides the run (deferred
/// drifts, several threads), so its cases cover what can go wrong there: a slot refilled while a hit on its old
/// key still waits for its drift, more waiting hits than the deferral holds, cosine preparation, and the
/// parallel split.
/// </summary>
public class ProcessRunTests
{
    private const int D = 24;

    /// <summary>
    /// Requests of <paramref name="users"/> users who drift: each has a base vector, and each request moves it a
    /// little, except every third request of a user, which repeats the last vector (an exact hit for lru).
    /// </summary>
    private static (int[] Users, double[] Times, float[] Vectors) Requests(int n, int users, int seed)
    {
        var rng = new Random(seed);
        var current = Synth.Gaussian(users, D, seed + 1, scale: 3);
        var seen = new int[users];
        var u = new int[n];
        var t = new double[n];
        var v = new float[n * D];
        for (int r = 0; r < n; r++)
        {
            int user = rng.Next(users);
            u[r] = user;
            t[r] = r * 0.5;
            if (seen[user]++ % 3 != 2)
                for (int j = 0; j < D; j++) current[user * D + j] += (float)(0.05 * Synth.Normal(rng));
            Array.Copy(current, user * D, v, r * D, D);
        }
        return (u, t, v);
    }

    /// <summary>The cache; an lru with several threads defers drifts from its first run (later runs only after
    /// one with mostly hits), so that these single runs test the deferred path.</summary>
    private static SimilarityCache Create(string spec, DistanceMetric metric) =>
        CacheFactory.Create(spec, new CacheContext { Dimension = D, Metric = metric });

    public static TheoryData<string, int, int, bool> Cases => new()
    {
        { "lru(capacity=5, threads=1)", 12, 3000, false },   // one core: one request at a time
        { "lru(capacity=5, threads=2)", 12, 3000, false },   // evictions refill slots whose old key has a deferred hit
        { "lru(capacity=12, threads=1)", 12, 9000, false },
        { "lru(capacity=12, threads=2)", 12, 9000, false },  // long parallel splits
        { "lru(capacity=40, threads=2)", 60, 6000, true },   // cosine: request vectors normalised first
        { "lru(capacity=1, threads=1)", 3, 500, false },
        { "lru(capacity=300, threads=2)", 400, 20000, false }, // refills of slots the workers may be reading
        { "lru(capacity=300, threads=3)", 400, 20000, true },
        { "sim-lru(capacity=8, threshold=1.5)", 12, 2000, false },
        { "qlru-dc(capacity=8, q=0.5, cost=power(alpha=1, cr=2))", 12, 2000, false },
        { "cls-lru(capacity=8, threshold=1.5, inner=0.5)", 12, 2000, false },
        { "rnd-lru(capacity=8, cost=power(alpha=1, cr=2))", 12, 2000, false },
        { "duel(capacity=8, cost=power(alpha=1, cr=2))", 12, 2000, false },
        { "gmm-placement(capacity=8, threshold=1.5, components=2, window=200, share=0.5, cov=diag)", 12, 2000, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ARunEqualsOneRequestAtATime(string spec, int users, int n, bool cosine)
    {
        var metric = cosine ? DistanceMetric.Cosine : DistanceMetric.L2;
        var (u, t, v) = Requests(n + 500, users, seed: n + users);
        using var single = Create(spec, metric);
        using var bulk = Create(spec, metric);
        var expected = new CacheOutcome[n];
        for (int r = 0; r < n; r++) expected[r] = single.Process(new CacheRequest(u[r], t[r], v.AsSpan(r * D, D)));
        var actual = new CacheOutcome[n];
        bulk.ProcessRun(u, t, v, n, -1, actual);
        for (int r = 0; r < n; r++)
        {
            Assert.Equal(expected[r].Kind, actual[r].Kind);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[r].Distance), BitConverter.SingleToInt32Bits(actual[r].Distance));
            Assert.Equal(expected[r], actual[r]);
        }
        Assert.Equal(single.Stats.ToString(), bulk.Stats.ToString());
        Assert.Equal(single.Stats.Admissions, bulk.Stats.Admissions);
        Assert.Equal(single.Count, bulk.Count);
        Assert.True(actual.Count(o => o.Kind == OutcomeKind.Miss) > 0 && actual.Count(o => o.IsHit) > 0, "the case must mix hits and misses");
        for (int r = n; r < n + 500; r++) // the state left behind: the same answers afterwards
        {
            var request = new CacheRequest(u[r], t[r], v.AsSpan(r * D, D));
            Assert.Equal(single.Process(request), bulk.Process(request));
        }
    }

    [Fact]
    public void RunsSplitAnywhereGiveTheSameOutcomes()
    {
        const int n = 2000;
        var (u, t, v) = Requests(n, 9, seed: 3);
        using var whole = Create("lru(capacity=6, threads=2)", DistanceMetric.L2);
        using var pieces = Create("lru(capacity=6, threads=1)", DistanceMetric.L2);
        var a = new CacheOutcome[n];
        whole.ProcessRun(u, t, v, n, -1, a);
        var b = new CacheOutcome[n];
        int[] cuts = [1, 7, 64, 500, 3];
        for (int start = 0, k = 0; start < n; k++)
        {
            int m = Math.Min(cuts[k % cuts.Length], n - start);
            pieces.ProcessRun(u.AsSpan(start), t.AsSpan(start), v.AsSpan(start * D), m, -1, b.AsSpan(start));
            start += m;
        }
        Assert.Equal(a, b);
    }

    [Fact]
    public void LruDriftIsTheDistanceToTheVectorTheKeyWasCachedWith()
    {
        // Hand-built, d = 2: user 1 cached at (0, 0); later requests at (3, 4) and (6, 8) are served the cached
        // answer at drifts 5 and 10 (the key keeps its vector on a hit); user 2 evicts user 1 (capacity 1), and
        // user 1 comes back as a miss.
        using var c = CacheFactory.Create("lru(capacity=1, threads=2)", new CacheContext { Dimension = 2 });
        Assert.Equal(2, ((LruPolicy)c.Policy).Threads); // a first run defers: the deferred path, checked against hand-computed drifts
        int[] users = [1, 1, 1, 2, 1];
        double[] times = [0, 1, 2, 3, 4];
        float[] vectors = [0, 0, 3, 4, 6, 8, 1, 1, 6, 8];
        var o = new CacheOutcome[5];
        c.ProcessRun(users, times, vectors, 5, -1, o);
        Assert.Equal([OutcomeKind.Miss, OutcomeKind.ApproximateHit, OutcomeKind.ApproximateHit, OutcomeKind.Miss, OutcomeKind.Miss], o.Select(x => x.Kind));
        Assert.Equal(5f, o[1].Distance);
        Assert.Equal(10f, o[2].Distance);
        Assert.Equal(10.0, o[2].Cost);
        Assert.Equal(3, c.Stats.Admissions);
    }

    [Fact]
    public void ARunWithTooFewRowsIsRefused()
    {
        using var c = Create("lru(capacity=2)", DistanceMetric.L2);
        var ex = Assert.Throws<ArgumentException>(() => c.ProcessRun(new int[3], new double[3], new float[2 * D], 3, -1, new CacheOutcome[3]));
        Assert.Contains("3×24 floats", ex.Message);
    }
}
