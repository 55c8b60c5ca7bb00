using SimCache.Caching.Core;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Timing;
using Xunit;

namespace SimCache.Simulation.Tests.Replay;

/// <summary>
/// The event engine on hand-built timelines whose every outcome is known, and on the golden trace against naive
/// oracles (plain lists, linear scans, double precision) written apart from the production code.
/// </summary>
public class ReplayEngineTests
{
    private static ReplayResult Replay(string trace, string cache, ReplayOptions options)
    {
        using var c = CacheFactory.Create(cache, Context(trace, options));
        return ReplayEngine.Run(trace, c, options);
    }

    internal static CacheContext Context(string trace, ReplayOptions options)
    {
        using var r = TraceFileReader.Open(trace);
        return new CacheContext { Dimension = r.Dimension, Metric = DistanceMetrics.Parse(r.Distance), Seed = options.Seed, Ttl = options.Ttl };
    }

    [Fact]
    public void DelayedHitsWaitForTheFetchInFlightThatWouldServeThem()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir,
            (0, 0, 0f, 0f),     // miss: fetch of (0,0) completes at 10
            (1, 5, 0.5f, 0f),   // cache empty, (0,0) in flight at d = 0.5 ≤ 1: delayed hit, waits 5
            (2, 6, 5f, 0f),     // far from everything: miss, fetch completes at 16
            (3, 10, 0f, 0.5f),  // (0,0) admitted at 10, before this request: approximate hit at 0.5
            (4, 12, 5f, 0.2f),  // cache misses, (5,0) in flight at 0.2: delayed hit, waits 4
            (5, 20, 5f, 0f));   // (5,0) admitted at 16: exact hit
        var r = Replay(trace, "sim-lru(capacity=10, threshold=1)", new ReplayOptions { Latency = LatencyModel.Parse("10"), TopN = 0 });
        var t = r.Totals;
        Assert.Equal((6L, 1L, 1L, 2L, 2L), (t.Requests, t.ExactHits, t.ApproximateHits, t.DelayedHits, t.Misses));
        Assert.Equal(2, t.Wait.Count);
        Assert.Equal(4.5, t.Wait.Mean, 12);
        Assert.Equal(5.0, t.Wait.Quantile(1), 12);
        Assert.Equal(0.5, t.Distance.Mean, 6);
        // Costs: two misses at C_r = 1, the hit at 0.5, delayed hits at C_a(0.5) and C_a(0.2), the exact hit at 0.
        Assert.Equal(2 + 0.5 + 0.5 + 0.2, t.TotalCost, 5);
        Assert.Equal(2, t.Fetches);
    }

    [Fact]
    public void DelayedHitsUnderCosineUseTheCachesOwnDistance()
    {
        // Cosine distance is 1 − cos of the directions, whatever the lengths. (Half the squared distance between
        // the raw vectors, which is what the matching used before, gets every delayed hit here wrong.)
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine,
            (0, 0, 1f, 0f),      // miss: fetch of (1,0) completes at 10
            (1, 1, 5f, 0.5f),    // (1,0) in flight at 1 − 5/√25.25 ≈ 0.005 ≤ 0.1: delayed hit, waits 9 (raw: 8.1, a miss)
            (2, 2, 0f, 0.2f),    // at 1 from (1,0): miss, fetch completes at 12
            (3, 3, 0.2f, 0f),    // same direction as (1,0): delayed hit at 0, waits 7 (raw: 0.04 from (0,0.2), the wrong fetch)
            (4, 20, 1f, 0.01f)); // both keys admitted: nearest (1,0) at 1 − 1/√1.0001: approximate hit
        var r = Replay(trace, "sim-lru(capacity=10, threshold=0.1)", new ReplayOptions { Latency = LatencyModel.Parse("10"), TopN = 0 });
        var t = r.Totals;
        Assert.Equal((5L, 0L, 1L, 2L, 2L), (t.Requests, t.ExactHits, t.ApproximateHits, t.DelayedHits, t.Misses));
        Assert.Equal(2L, t.Fetches);
        Assert.Equal(8.0, t.Wait.Mean, 12);
        Assert.Equal(9.0, t.Wait.Quantile(1), 12);
        double delayed = 1 - 5 / Math.Sqrt(25.25), hit = 1 - 1 / Math.Sqrt(1.0001);
        Assert.Equal(hit, t.Distance.Mean, 6);
        Assert.Equal(2 + delayed + 0 + hit, t.TotalCost, 5); // power(alpha=1): C_a(d) = d; misses cost C_r = 1
    }

    [Fact]
    public void LruWaitsOnlyForAFetchOfTheSameUser()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir,
            (7, 0, 1f, 0f),    // miss: fetch of user 7 completes at 5
            (8, 1, 1f, 0f),    // the same vector, another user: lru serves by user id, so a miss
            (7, 2, 1f, 0.5f),  // user 7 in flight: delayed hit at distance 0.5, waits 3
            (7, 6, 1f, 0f));   // user 7 admitted at 5 with (1,0): exact hit
        var t = Replay(trace, "lru(capacity=10)", new ReplayOptions { Latency = LatencyModel.Parse("5"), TopN = 0 }).Totals;
        Assert.Equal((4L, 1L, 0L, 1L, 2L), (t.Requests, t.ExactHits, t.ApproximateHits, t.DelayedHits, t.Misses));
        Assert.Equal(3.0, t.Wait.Mean, 12);
        Assert.Equal(2 + 0.5, t.TotalCost, 5); // a delayed hit costs min(C_a(d), C_r)
    }

    [Fact]
    public void WithZeroLatencyTheSameTimelineHasNoDelayedHits()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (0, 0, 0f, 0f), (1, 5, 0.5f, 0f), (2, 6, 5f, 0f), (3, 10, 0f, 0.5f), (4, 12, 5f, 0.2f), (5, 20, 5f, 0f));
        var t = Replay(trace, "sim-lru(capacity=10, threshold=1)", new ReplayOptions { TopN = 0 }).Totals;
        Assert.Equal((6L, 1L, 3L, 0L, 2L), (t.Requests, t.ExactHits, t.ApproximateHits, t.DelayedHits, t.Misses));
    }

    [Fact]
    public void KeysExpireAtAdmissionPlusTtl()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir,
            (0, 0, 0f, 0f),     // miss, admitted at 0, expires at 10
            (1, 5, 0f, 0.1f),   // hit
            (2, 10, 0f, 0.2f),  // the key expired at 10 (admitted + ttl ≤ now): miss, admitted at 10
            (3, 19, 0f, 0f),    // hit on the key of t = 10 (d = 0.2)
            (4, 30, 0f, 0f));   // expired at 20: miss
        var t = Replay(trace, "sim-lru(capacity=10, threshold=1)", new ReplayOptions { Ttl = 10, TopN = 0 }).Totals;
        Assert.Equal((5L, 0L, 2L, 3L), (t.Requests, t.ExactHits, t.ApproximateHits, t.Misses));
        Assert.Equal(0.15, t.Distance.Mean, 6);
    }

    [Fact]
    public void WarmupRequestsFillTheCacheButAreNotCounted()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (0, 0, 0f, 0f), (1, 1, 0f, 0f), (2, 2, 3f, 0f), (3, 3, 0f, 0.1f));
        var r = Replay(trace, "sim-lru(capacity=10, threshold=1)", new ReplayOptions { Warmup = 2, TopN = 0, Window = 1 });
        Assert.Equal((2L, 1L, 1L), (r.Totals.Requests, r.Totals.Misses, r.Totals.ApproximateHits));
        Assert.Equal(4, r.Replayed);
        Assert.Equal([2L, 3L], r.Windows.Select(w => w.FirstRequest + 2));
    }

    [Fact]
    public void PoissonArrivalsAreReproducibleBySeed()
    {
        var a = ArrivalProcess.Parse("poisson(rate=2)", 7);
        var b = ArrivalProcess.Parse("poisson(rate=2)", 7);
        var c = ArrivalProcess.Parse("poisson(rate=2)", 8);
        var ta = Enumerable.Range(0, 20000).Select(i => a.Next(i)).ToArray();
        var tb = Enumerable.Range(0, 20000).Select(i => b.Next(i)).ToArray();
        var tc = Enumerable.Range(0, 20000).Select(i => c.Next(i)).ToArray();
        Assert.Equal(ta, tb);
        Assert.NotEqual(ta, tc);
        Assert.All(ta.Zip(ta.Skip(1)), p => Assert.True(p.Second > p.First));
        Assert.Equal(10000, ta[^1], 10000 * 0.05); // mean gap 1/rate: 20,000 arrivals take ≈ 10,000 s (±5 %, ~7 sd)
    }

    [Theory]
    [InlineData("sim-lru(capacity=40, threshold=0.7)", 10)]
    [InlineData("cls-lru(capacity=40, threshold=0.7, inner=0.3)", 10)]
    [InlineData("qlru-dc(capacity=40, q=0.5, seed=3)", 10)]
    [InlineData("rnd-lru(capacity=40, seed=3)", 10)]
    [InlineData("sim-lru(capacity=40, threshold=0.7)", 0)] // no quality metrics: the direct path
    [InlineData("cls-lru(capacity=40, threshold=0.7, inner=0.3)", 0)]
    [InlineData("qlru-dc(capacity=40, q=0.5, seed=3)", 0)]
    [InlineData("sim-lru(capacity=300, threshold=1.2)", 0)]
    public void BatchedNearestKeySearchGivesTheOneByOneCounts(string cache, int topN)
    {
        var one = Replay(TimelineTrace.Golden, cache, new ReplayOptions { Block = 1, TopN = topN }).Totals;
        foreach (int block in new[] { 7, 64, 500 })
        {
            var batched = Replay(TimelineTrace.Golden, cache, new ReplayOptions { Block = block, TopN = topN }).Totals;
            Assert.Equal((one.ExactHits, one.ApproximateHits, one.Misses, one.TotalCost, one.OverlapSum, one.Distance.Mean, one.Distance.Quantile(0.9)),
                (batched.ExactHits, batched.ApproximateHits, batched.Misses, batched.TotalCost, batched.OverlapSum, batched.Distance.Mean, batched.Distance.Quantile(0.9)));
        }
    }

    [Theory]
    [InlineData("sim-lru(capacity=40, threshold=0.7)")]
    [InlineData("lru(capacity=30)")]
    [InlineData("qlru-dc(capacity=40, q=0.5, seed=3)")]
    public void TheDirectPathCountsExactlyAsTheEventLoop(string cache)
    {
        // Zero latency and no TTL take the direct path; a TTL too long to expire anything takes the event loop.
        var options = new ReplayOptions { TopN = 0, Warmup = 100, Window = 97, Block = 50 };
        var direct = Replay(TimelineTrace.Golden, cache, options);
        var events = Replay(TimelineTrace.Golden, cache, options with { Ttl = 1e15 });
        Assert.Equal(Snapshot(events.Totals), Snapshot(direct.Totals));
        Assert.Equal(events.Windows, direct.Windows);
        Assert.Equal(events.Totals.ApproximationCost.Quantile(0.5), direct.Totals.ApproximationCost.Quantile(0.5));
        Assert.Equal(events.Totals.Distance.Quantile(0.99), direct.Totals.Distance.Quantile(0.99));
        Assert.Equal(13, direct.Windows.Count); // 1,167 counted requests in windows of 97
    }

    [Theory]
    [InlineData("lru(capacity=30, threads=2)")]
    [InlineData("sim-lru(capacity=40, threshold=0.7)")]
    public void TheDirectPathCountsExactlyAsTheEventLoopOverManyRuns(string cache)
    {
        // 10,000 requests (the golden trace repeated with drift): the direct path's runs of 4,096 cross batch,
        // warm-up and window boundaries at different places.
        using var dir = new TempDir();
        string big = Path.Combine(dir.Path, "big.arrow");
        SimCache.Simulation.Benchmarking.ReplayBench.Repeat(TimelineTrace.Golden, big, 10_000, perturb: 0.05, seed: 2, batchRows: 3000);
        var options = new ReplayOptions { TopN = 0, Warmup = 1234, Window = 2999, Block = 64 };
        var direct = Replay(big, cache, options);
        var events = Replay(big, cache, options with { Ttl = 1e15 });
        Assert.Equal(Snapshot(events.Totals), Snapshot(direct.Totals));
        Assert.Equal(events.Windows, direct.Windows);
        foreach (var q in new[] { 0.5, 0.9, 0.99 })
        {
            Assert.Equal(events.Totals.ApproximationCost.Quantile(q), direct.Totals.ApproximationCost.Quantile(q));
            Assert.Equal(events.Totals.Distance.Quantile(q), direct.Totals.Distance.Quantile(q));
        }
        Assert.Equal(3, direct.Windows.Count); // 8,766 counted requests in windows of 2,999
        Assert.True(direct.Totals.ApproximateHits > 1000 && direct.Totals.Misses > 100);
    }

    [Fact]
    public void ReplayingFromMemoryEqualsReplayingTheFile()
    {
        var options = new ReplayOptions { TopN = 0, Warmup = 10, Window = 200 };
        var file = Replay(TimelineTrace.Golden, "sim-lru(capacity=50, threshold=0.8)", options);
        var table = RequestTable.Load(TimelineTrace.Golden);
        using var c = CacheFactory.Create("sim-lru(capacity=50, threshold=0.8)", Context(TimelineTrace.Golden, options));
        var memory = ReplayEngine.Run(table, c, options);
        Assert.Equal(Snapshot(file.Totals), Snapshot(memory.Totals));
        Assert.Equal(file.Windows, memory.Windows);
        Assert.Equal(1267, table.Count);
    }

    [Theory]
    [InlineData("lru(capacity=50)", "0")]
    [InlineData("sim-lru(capacity=50, threshold=0.8)", "0")]
    [InlineData("sim-lru(capacity=50, threshold=0.8)", "3600")] // the event loop, retrievals in flight
    public void ReplayingAllocatesNothingPerRequestBeyondItsSamples(string cache, string latency)
    {
        // Twice the requests allocate nothing more: sample buffers (sized up front for the counted requests)
        // come from the thread's reuse pool once a replay has released them, and nothing is allocated per request.
        var table = RequestTable.Load(TimelineTrace.Golden);
        var options = new ReplayOptions { TopN = 0, Window = long.MaxValue / 2, Latency = LatencyModel.Parse(latency) };
        long Allocated(long requests)
        {
            using var c = CacheFactory.Create(cache, Context(TimelineTrace.Golden, options));
            long before = GC.GetAllocatedBytesForCurrentThread();
            ReplayEngine.Run(table, c, options with { Limit = requests }).Release();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(1267); // warm up (the JIT, static caches)
        // The least of three measurements of each length: a one-off allocation by the runtime (a method promoted to
        // its optimised code on a busy machine, a type loaded late) inflates one measurement, while an allocation per
        // request is in every measurement of the longer replay.
        long small = long.MaxValue, large = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            small = Math.Min(small, Allocated(600));
            large = Math.Min(large, Allocated(1200));
        }
        Assert.InRange(large - small, -256, 256); // the 600 more requests would need 4,800 bytes of samples alone
    }

    [Fact]
    public void ACacheBuiltForAnotherSpaceIsRefused()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine, (0, 0, 1f, 0f));
        using var l2 = CacheFactory.Create("sim-lru(capacity=2, threshold=0.1)", new CacheContext { Dimension = 2 });
        var e = Assert.Throws<SimCache.Data.IO.UsageException>(() => ReplayEngine.Run(trace, l2, new ReplayOptions()));
        Assert.Contains("cosine", e.Message);
        using var wide = CacheFactory.Create("sim-lru(capacity=2, threshold=0.1)", new CacheContext { Dimension = 3, Metric = DistanceMetric.Cosine });
        Assert.Throws<SimCache.Data.IO.UsageException>(() => ReplayEngine.Run(trace, wide, new ReplayOptions()));
    }

    private static (long, long, long, long, long, long, double, double, double, double, double) Snapshot(ReplayCounters t) =>
        (t.Requests, t.ExactHits, t.ApproximateHits, t.DelayedHits, t.Misses, t.Fetches, t.TotalCost, t.Distance.Mean,
            t.ApproximationCost.Mean, t.FirstTime, t.LastTime);

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(500)]
    public void LruCountsMatchANaiveOracle(int capacity)
    {
        var rows = GoldenRows();
        var front = new List<(int User, float[] Key)>(); // most recent first
        long exact = 0, approximate = 0, misses = 0;
        foreach (var (user, vector) in rows)
        {
            int at = front.FindIndex(e => e.User == user);
            if (at >= 0)
            {
                var entry = front[at];
                if (Distance(entry.Key, vector) == 0) exact++; else approximate++;
                front.RemoveAt(at);
                front.Insert(0, entry); // the key keeps its vector: the user's answer as first computed
            }
            else
            {
                misses++;
                front.Insert(0, (user, vector));
                if (front.Count > capacity) front.RemoveAt(front.Count - 1);
            }
        }
        var t = Replay(TimelineTrace.Golden, $"lru(capacity={capacity})", new ReplayOptions()).Totals;
        Assert.Equal((exact, approximate, misses), (t.ExactHits, t.ApproximateHits, t.Misses));
    }

    [Theory]
    [InlineData(10, 0.5)]
    [InlineData(10, 0.9)]
    [InlineData(100, 0.5)]
    [InlineData(100, 0.9)]
    [InlineData(1000, 0.9)]
    public void SimLruCountsMatchANaiveOracle(int capacity, double threshold)
    {
        var rows = GoldenRows();
        var front = new List<(long Inserted, float[] Key)>(); // most recent first
        long exact = 0, approximate = 0, misses = 0, inserted = 0;
        foreach (var (_, vector) in rows)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int i = 0; i < front.Count; i++)
            {
                double dist = Distance(front[i].Key, vector);
                if (dist < bestDistance || (dist == bestDistance && front[i].Inserted < front[best].Inserted)) (best, bestDistance) = (i, dist);
            }
            if (best >= 0 && bestDistance <= threshold)
            {
                if (bestDistance == 0) exact++; else approximate++;
                var entry = front[best];
                front.RemoveAt(best);
                front.Insert(0, entry);
            }
            else
            {
                misses++;
                front.Insert(0, (inserted++, vector));
                if (front.Count > capacity) front.RemoveAt(front.Count - 1);
            }
        }
        var t = Replay(TimelineTrace.Golden, $"sim-lru(capacity={capacity}, threshold={threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})", new ReplayOptions()).Totals;
        Assert.Equal((exact, approximate, misses), (t.ExactHits, t.ApproximateHits, t.Misses));
    }

    private static List<(int User, float[] Vector)> GoldenRows()
    {
        using var reader = TraceFileReader.Open(TimelineTrace.Golden);
        var rows = new List<(int, float[])>();
        foreach (var b in reader.ReadBatches())
            for (int i = 0; i < b.RowCount; i++) rows.Add((b.Users[i], b.Vector(i).ToArray()));
        return rows;
    }

    private static double Distance(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        return Math.Sqrt(s);
    }
}
