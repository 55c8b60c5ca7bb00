using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Caching.Tests.Core;

public class CacheFactoryTests
{
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));
    private static readonly Lazy<DecoderWeights> Decoder = new(() => DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder));

    private static CacheContext Context(bool decoder = true, bool trace = true) => new()
    {
        Dimension = 32,
        TracePath = trace ? RepoFiles.GoldenTrace : null,
        Decoder = decoder ? Decoder.Value : null,
        AnswerLength = 10,
        Seed = 3,
    };

    [Fact]
    public void TheDescriptionSpellsEveryParameterAndRebuildsTheSameCache()
    {
        using var cache = CacheFactory.Create("sim-lru(capacity=1000, threshold=0.8)", Context());
        Assert.Equal("sim-lru(capacity=1000, threshold=0.8, index=exact(candidates=8, threads=0, recall=0, recall_k=10), cost=power(alpha=1, cr=1))", cache.Description);
        using var again = CacheFactory.Create(cache.Description, Context());
        Assert.Equal(cache.Description, again.Description);
        using var hnsw = CacheFactory.Create("rnd-lru(capacity=5, index=hnsw(ef=128), cost=threshold(theta=0.5, cr=2))", Context());
        Assert.Equal("rnd-lru(capacity=5, gamma=1, seed=3, index=hnsw(ef=128, m=16, ef_construction=128, candidates=16, recall=0, recall_k=10), cost=threshold(theta=0.5, cr=2))", hnsw.Description);
        using var gmm = CacheFactory.Create("gmm-placement(capacity=8, threshold=0.5)", Context());
        Assert.Equal("gmm-placement(capacity=8, threshold=0.5, components=3, window=10000, refit=0, share=1, cov=full, source=fit, zador_d=32, threads=0, seed=3, " +
                     "index=exact(candidates=8, threads=0, recall=0, recall_k=10), cost=power(alpha=1, cr=1))", gmm.Description);
        using var gmmAgain = CacheFactory.Create(gmm.Description, Context());
        Assert.Equal(gmm.Description, gmmAgain.Description);
        using var over = CacheFactory.Create("sim-lru(capacity=5, threshold=1, index=hnsw)", Context(), indexOverride: "exact(candidates=4)");
        Assert.StartsWith("exact(candidates=4", over.IndexDescription);
    }

    public static TheoryData<string> EveryPolicy => new()
    {
        "lru(capacity=8)",
        "sim-lru(capacity=8, threshold=0.5)",
        "cls-lru(capacity=8, threshold=0.5)",
        "rnd-lru(capacity=8)",
        "qlru-dc(capacity=8)",
        "duel(capacity=8)",
        "knn-cache(capacity=30)",
        "static-greedy(capacity=8, threshold=0.5)",
        "gmm-placement(capacity=8, threshold=0.9, window=200, share=0.5)",
    };

    [Fact]
    public void EveryRegisteredPolicyIsCoveredByTheTableBelow()
    {
        var names = EveryPolicy.Cast<object[]>().Select(r => ((string)r[0]).Split('(')[0]).Order().ToArray();
        Assert.Equal(PolicyRegistry.Registry.Entries.Select(e => e.Name).Order().ToArray(), names);
    }

    [Theory]
    [MemberData(nameof(EveryPolicy))]
    public void EveryPolicyBuildsByNameAndReplaysWithEitherIndex(string spec)
    {
        var t = Trace.Value;
        foreach (string index in new[] { "exact", "hnsw(ef=200)" })
        {
            using var cache = CacheFactory.Create(spec, Context(), index);
            var counts = Replay.Run(cache, t, block: 50);
            Assert.Equal(t.Count, counts.Hits + counts.Misses);
            Assert.Equal(t.Count, cache.Stats.Requests);
            Assert.True(cache.Count <= cache.Capacity);
            Assert.True(counts.Hits > 0, $"{cache.Description}: no hits");
        }
    }

    [Fact]
    public void UnknownNamesAndParametersListTheValidOnesAndBadValuesNameTheParameter()
    {
        var ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lfu(capacity=3)", Context()));
        foreach (var e in PolicyRegistry.Registry.Entries) Assert.Contains(e.Name + "(", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lru(capacity=3, treshold=1)", Context()));
        Assert.Contains("unknown parameter 'treshold'", ex.Message);
        Assert.Contains("capacity (required), threshold (required), index=exact, cost=power", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lru(capacity=-1, threshold=1)", Context()));
        Assert.Contains("parameter 'capacity' must be ≥ 1, got '-1'", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lru(capacity=1)", Context()));
        Assert.Contains("parameter 'threshold' is required", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lru(capacity=1, threshold=1, index=flat)", Context()));
        Assert.Contains("unknown index 'flat'; valid: exact(", ex.Message);
        Assert.Contains("hnsw(ef=64", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("sim-lru(capacity=1, threshold=1, index=hnsw(efs=3))", Context()));
        Assert.Contains("index 'hnsw': unknown parameter 'efs'", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("cls-lru(capacity=1, threshold=1, inner=2)", Context()));
        Assert.Contains("parameter 'inner' must be in [0, 1], got '2'", ex.Message);
        ex = Assert.Throws<UsageException>(() => CacheFactory.Create("qlru-dc(capacity=1, q=0)", Context()));
        Assert.Contains("parameter 'q' must be a number > 0 and ≤ 1", ex.Message);
    }

    [Fact]
    public void PoliciesThatNeedTheDecoderOrTheTraceSaySo()
    {
        Assert.Contains("decoder", Assert.Throws<UsageException>(() => CacheFactory.Create("knn-cache(capacity=5)", Context(decoder: false))).Message);
        Assert.Contains("needs the trace", Assert.Throws<UsageException>(() => CacheFactory.Create("static-greedy(capacity=5, threshold=1)", Context(trace: false))).Message);
        Assert.Contains("decoder", Assert.Throws<UsageException>(() => CacheFactory.Create("gmm-placement(capacity=5, threshold=1)", Context(decoder: false))).Message);
        int items = Decoder.Value.Items;
        Assert.Contains($"capacity' must be below the {items} items", Assert.Throws<UsageException>(() => CacheFactory.Create($"knn-cache(capacity={items})", Context())).Message);
        var ctx = new CacheContext { Dimension = 16, Decoder = Decoder.Value };
        Assert.Contains("latent size 32 differs from the trace dimension 16", Assert.Throws<UsageException>(() => CacheFactory.Create("lru(capacity=1)", ctx)).Message);
    }

    [Theory]
    [InlineData(SimCache.Numerics.Vectors.DistanceMetric.L2)]
    [InlineData(SimCache.Numerics.Vectors.DistanceMetric.Cosine)]
    public void TheCacheDistanceEqualsTheDistanceALookupReports(SimCache.Numerics.Vectors.DistanceMetric metric)
    {
        var v = Synth.Gaussian(40, 32, 8);
        using var cache = CacheFactory.Create("sim-lru(capacity=50, threshold=100)", new CacheContext { Dimension = 32, Metric = metric });
        cache.Process(new CacheRequest(0, 0, v.AsSpan(0, 32)));
        for (int i = 1; i < 40; i++)
        {
            var x = v.AsSpan(i * 32, 32);
            var o = cache.Lookup(new CacheRequest(i, i, x));
            Assert.Equal(0, o.Slot);
            Assert.Equal(BitConverter.SingleToInt32Bits(o.Distance), BitConverter.SingleToInt32Bits(cache.Distance(x, v.AsSpan(0, 32))));
        }
    }
}
