using Cloud.Unum.USearch;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using Xunit;

namespace SimCache.Caching.Tests.Indexes;

public class HnswIndexTests
{
    private static KeyStore Store(int d, int slots, int ef = 64, double recall = 0, DistanceMetric metric = DistanceMetric.L2) =>
        new(d, metric, slots, s => new HnswIndex(s, ef: ef, recallRate: recall, recallK: 10));

    [Fact]
    public void EfReachesTheNativeIndexAndCanBeChanged()
    {
        using var store = Store(8, 10, ef: 77);
        var h = (HnswIndex)store.Index!;
        Assert.Equal(77, h.NativeEf);
        h.Ef = 300;
        Assert.Equal(300, h.NativeEf);
    }

    [Fact]
    public void RemovedKeysAreNeverReturned()
    {
        const int d = 16, n = 600;
        var v = Synth.Clustered(n, d, 5, 1);
        using var store = Store(d, n);
        for (int i = 0; i < n; i++) store.Add(v.AsSpan(i * d, d), i, 0);
        var h = (HnswIndex)store.Index!;
        for (int i = 0; i < n; i += 2) store.Remove(i);
        Assert.Equal(n / 2, h.Size);
        Assert.False(h.Contains(0));
        Assert.True(h.Contains(1));
        var r = new Neighbor[10];
        for (int i = 0; i < n; i++)
        {
            int k = store.Nearest(store.Prepare(v.AsSpan(i * d, d)), 10, r);
            Assert.True(k > 0);
            for (int j = 0; j < k; j++) Assert.True(r[j].Slot % 2 == 1, $"removed slot {r[j].Slot} returned");
        }
    }

    [Theory]
    [InlineData(DistanceMetric.L2)]
    [InlineData(DistanceMetric.Cosine)]
    public void WithALargeEfResultsEqualTheExactIndex(DistanceMetric metric)
    {
        const int d = 32, n = 1500;
        var v = Synth.Clustered(n, d, 8, 2);
        var queries = Synth.Clustered(200, d, 8, 2);
        using var approx = Store(d, n, ef: 512, metric: metric);
        using var exact = new KeyStore(d, metric, n, s => new ExactIndex(s, threads: 1));
        for (int i = 0; i < n; i++) { approx.Add(v.AsSpan(i * d, d), i, 0); exact.Add(v.AsSpan(i * d, d), i, 0); }
        var a = new Neighbor[5];
        var b = new Neighbor[5];
        for (int i = 0; i < 200; i++)
        {
            var q = queries.AsSpan(i * d, d);
            Assert.Equal(5, approx.Nearest(approx.Prepare(q), 5, a));
            exact.Nearest(exact.Prepare(q), 5, b);
            Assert.Equal(b.Select(x => x.Slot), a.Select(x => x.Slot));
            Assert.Equal(b.Select(x => x.Distance), a.Select(x => x.Distance));
        }
    }

    [Fact]
    public void RecallRisesWithEfAndIsLowerOnRandom200DDataThanOnClusteredData()
    {
        const int d = 200, n = 1200, lookups = 150;
        (double Low, double High) Measure(float[] data, float[] queries)
        {
            using var store = new KeyStore(d, DistanceMetric.L2, n, s => new HnswIndex(s, ef: 10, expansionAdd: 40, candidates: 10, recallRate: 1, recallK: 10));
            for (int i = 0; i < n; i++) store.Add(data.AsSpan(i * d, d), i, 0);
            var h = (HnswIndex)store.Index!;
            var r = new Neighbor[1];
            double At(int ef)
            {
                h.Ef = ef;
                h.ResetRecall();
                for (int i = 0; i < lookups; i++) store.Nearest(store.Prepare(queries.AsSpan(i * d, d)), 1, r);
                var rec = h.Recall!.Value;
                Assert.Equal(lookups, rec.Samples);
                return rec.RecallAtK;
            }
            return (At(10), At(400));
        }
        var random = Measure(Synth.Gaussian(n, d, 3), Synth.Gaussian(lookups, d, 4));
        var clustered = Measure(Synth.Clustered(n, d, 10, 5), Synth.Clustered(lookups, d, 10, 6));
        Assert.True(random.High > random.Low + 0.05, $"random: ef 400 recall {random.High} vs ef 10 {random.Low}");
        Assert.True(random.High > 0.97, $"random: ef 400 recall {random.High}");
        Assert.True(clustered.Low > random.Low + 0.05, $"ef 10 recall: clustered {clustered.Low}, random {random.Low}");
        Assert.True(clustered.High >= 0.99, $"clustered recall {clustered.High}");
    }

    [Fact]
    public void BuildsAreReproducibleAndTheSavedGraphLoadsInThePackagedWrapper()
    {
        const int d = 16, n = 400;
        var v = Synth.Gaussian(n, d, 6);
        using var dir = new TempDir();
        var runs = new List<int[]>();
        for (int run = 0; run < 2; run++)
        {
            using var store = Store(d, n, ef: 16);
            for (int i = 0; i < n; i++) store.Add(v.AsSpan(i * d, d), i, 0);
            for (int i = 0; i < n; i += 3) store.Remove(i);
            var r = new Neighbor[3];
            var got = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int k = store.Nearest(store.Prepare(v.AsSpan(i * d, d)), 3, r);
                got.AddRange(r.Take(k).Select(x => x.Slot));
            }
            runs.Add(got.ToArray());
            if (run == 0)
            {
                string path = dir.File("graph.usearch");
                ((HnswIndex)store.Index!).Save(path);
                using var loaded = new USearchIndex(path);
                Assert.Equal((ulong)store.Count, loaded.Size());
                Assert.True(loaded.Contains(1));
                Assert.False(loaded.Contains(0));
                Assert.Equal(1, loaded.Search(v.AsSpan(d, d).ToArray(), 1, out ulong[] keys, out _));
                Assert.Equal(1UL, keys[0]);
            }
        }
        Assert.Equal(runs[0], runs[1]);
    }
}
