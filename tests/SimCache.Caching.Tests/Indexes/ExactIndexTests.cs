using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using Xunit;

namespace SimCache.Caching.Tests.Indexes;

public class ExactIndexTests
{
    private static KeyStore Store(int d, int slots, int threads = 1, DistanceMetric metric = DistanceMetric.L2, double recall = 0) =>
        new(d, metric, slots, s => new ExactIndex(s, candidates: 8, threads: threads, recallRate: recall));

    [Theory]
    [InlineData(DistanceMetric.L2)]
    [InlineData(DistanceMetric.Cosine)]
    public void NearestKeysAreThoseOfANaiveDoubleScan(DistanceMetric metric)
    {
        const int d = 24, n = 300;
        var keys = Synth.Gaussian(n, d, 10);
        var queries = Synth.Gaussian(50, d, 11);
        using var store = Store(d, n, metric: metric);
        for (int i = 0; i < n; i++) store.Add(keys.AsSpan(i * d, d), i, 0);
        var result = new Neighbor[5];
        for (int qi = 0; qi < 50; qi++)
        {
            var q = queries.AsSpan(qi * d, d);
            var qa = q.ToArray();
            var naive = Enumerable.Range(0, n).Select(i => (i, dist: Naive(metric, qa, keys.AsSpan(i * d, d)))).OrderBy(x => x.dist).ThenBy(x => x.i).Take(5).ToArray();
            int got = store.Nearest(store.Prepare(q), 5, result);
            Assert.Equal(5, got);
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(naive[j].i, result[j].Slot);
                Assert.Equal(naive[j].dist, result[j].Distance, 1e-5);
            }
        }
    }

    [Fact]
    public void EqualDistancesGoToTheEarliestInsertion()
    {
        const int d = 8;
        using var store = Store(d, 4);
        var v = Synth.Gaussian(1, d, 1);
        var far = Synth.Gaussian(1, d, 2, scale: 10);
        int a = store.Add(far, 0, 0);
        int first = store.Add(v, 1, 0);
        int second = store.Add(v, 2, 0);
        var r = new Neighbor[3];
        Assert.Equal(3, store.Nearest(store.Prepare(v), 3, r));
        Assert.Equal(new[] { first, second, a }, r.Select(x => x.Slot));
        Assert.Equal(0f, r[0].Distance);
        store.Remove(first);
        int third = store.Add(v, 3, 0); // reuses the freed slot, but is the newest insertion
        Assert.Equal(first, third);
        store.Nearest(store.Prepare(v), 2, r);
        Assert.Equal(second, r[0].Slot);
        Assert.Equal(third, r[1].Slot);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BlockLookupsEqualOneByOneLookupsWhateverTheCacheDoesMeanwhile(int threads)
    {
        const int d = 16, slots = 120;
        var rng = new Random(7);
        var pool = Synth.Clustered(3000, d, 6, 8);
        using var blocked = Store(d, slots, threads);
        using var plain = Store(d, slots, 1);
        var a = new Neighbor[3];
        var b = new Neighbor[3];
        int next = 0;
        var exact = (ExactIndex)blocked.Index!;
        while (next + 40 < 3000)
        {
            int rows = rng.Next(1, 40);
            blocked.BeginBlock(pool.AsSpan(next * d, rows * d), rows);
            for (int r = 0; r < rows; r++)
            {
                var v = pool.AsSpan((next + r) * d, d);
                int ka = blocked.Nearest(blocked.Prepare(v, r), 3, a);
                int kb = plain.Nearest(plain.Prepare(v), 3, b);
                Assert.Equal(kb, ka);
                for (int j = 0; j < ka; j++)
                {
                    Assert.Equal(b[j].Slot, a[j].Slot);
                    Assert.Equal(BitConverter.SingleToInt32Bits(b[j].Distance), BitConverter.SingleToInt32Bits(a[j].Distance));
                }
                // Mutate both stores identically: inserts, evictions and re-keys, several per request.
                for (int m = rng.Next(0, 4); m > 0; m--)
                {
                    int op = rng.Next(3);
                    var w = pool.AsSpan(rng.Next(3000) * d, d);
                    if (op == 0 && blocked.Count < slots) { blocked.Add(w, 0, 0); plain.Add(w, 0, 0); }
                    else if (op == 1 && blocked.Count > 0) { int s = blocked.LiveSlot(rng.Next(blocked.Count)); blocked.Remove(s); plain.Remove(s); }
                    else if (blocked.Count > 0) { int s = blocked.LiveSlot(rng.Next(blocked.Count)); blocked.Rekey(s, w, 1, 0); plain.Rekey(s, w, 1, 0); }
                }
            }
            next += rows;
        }
        blocked.EndBlock();
        Assert.True(exact.BlockLookups > 1000, $"block lookups {exact.BlockLookups}");
        Assert.True(exact.Fallbacks > 0, "the test should also exercise the scan fallback");
    }

    [Fact]
    public void TheExactIndexMeasuresRecallOne()
    {
        const int d = 8;
        using var store = Store(d, 100, recall: 0.5);
        var keys = Synth.Gaussian(100, d, 3);
        for (int i = 0; i < 100; i++) store.Add(keys.AsSpan(i * d, d), i, 0);
        var r = new Neighbor[1];
        var q = Synth.Gaussian(20, d, 4);
        for (int i = 0; i < 20; i++) store.Nearest(store.Prepare(q.AsSpan(i * d, d)), 1, r);
        var recall = store.Index!.Recall!.Value;
        Assert.Equal(10, recall.Samples);
        Assert.Equal(1.0, recall.RecallAt1);
        Assert.Equal(1.0, recall.RecallAtK);
    }

    private static double Naive(DistanceMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (metric == DistanceMetric.L2) return Synth.L2(a, b);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return 1 - dot / Math.Sqrt(na * nb);
    }
}
