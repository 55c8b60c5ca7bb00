using System.Collections.Concurrent;
using System.Globalization;
using SimCache.Caching.Tests.Oracles;
using SimCache.Caching.Tests.Support;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// libCacheSim-style golden counts: every deterministic policy at 3 capacities and 2 thresholds on the
/// committed trace <c>traces/golden-small/trace.arrow</c> (made by <c>traces/make-golden-small.sh</c>). Each
/// row is pinned three ways: the literal numbers below, a naive oracle written separately from the cache code
/// (plain lists, linear scans, double precision), and the cache replayed one by one and in lookup blocks.
/// The oracle also proves that no decision sat within 1e-6 of a boundary, where float and double could part.
/// </summary>
public class GoldenCountsTests
{
    /// <summary>The trace every golden count refers to (switching traces means regenerating the literals below).</summary>
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));

    private const double MinMargin = 1e-6;
    private static readonly ConcurrentDictionary<double, (List<int> Keys, Margins Margins)> GreedyOrder = new();

    /// <summary>(policy, capacity, θ, exact hits, approximate hits, misses); θ is unused by lru.</summary>
    public static TheoryData<string, int, double, int, int, int> Golden => new()
    {
        { "lru", 4, 0, 0, 829, 438 },
        { "lru", 32, 0, 0, 896, 371 },
        { "lru", 256, 0, 0, 896, 371 },
        { "sim-lru", 4, 0.3, 0, 164, 1103 },
        { "sim-lru", 32, 0.3, 0, 173, 1094 },
        { "sim-lru", 256, 0.3, 0, 173, 1094 },
        { "sim-lru", 4, 0.6, 0, 599, 668 },
        { "sim-lru", 32, 0.6, 0, 635, 632 },
        { "sim-lru", 256, 0.6, 0, 643, 624 },
        { "cls-lru", 4, 0.3, 0, 230, 1037 },
        { "cls-lru", 32, 0.3, 0, 249, 1018 },
        { "cls-lru", 256, 0.3, 0, 250, 1017 },
        { "cls-lru", 4, 0.6, 0, 725, 542 },
        { "cls-lru", 32, 0.6, 0, 786, 481 },
        { "cls-lru", 256, 0.6, 0, 798, 469 },
        { "static-greedy", 4, 0.3, 4, 23, 1240 },
        { "static-greedy", 32, 0.3, 32, 100, 1135 },
        { "static-greedy", 256, 0.3, 256, 221, 790 },
        { "static-greedy", 4, 0.6, 4, 57, 1206 },
        { "static-greedy", 32, 0.6, 32, 273, 962 },
        { "static-greedy", 256, 0.6, 256, 771, 240 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void CountsEqualTheGoldenNumbersTheOracleAndTheBatchedReplay(string policy, int capacity, double theta, int exact, int approx, int misses)
    {
        var t = Trace.Value;
        var margins = new Margins();
        var oracle = Oracle(policy, t, capacity, theta, margins);
        Assert.True(margins.Threshold > MinMargin, $"a decision lies {margins.Threshold:E2} from a threshold: pick another θ");
        Assert.True(margins.NearestGap > MinMargin, $"two keys lie within {margins.NearestGap:E2} of each other from a request");
        string spec = Spec(policy, capacity, theta) + ")";
        Counts one, blocked;
        using (var cache = Replay.Create(spec, t)) one = Replay.Run(cache, t);
        using (var cache = Replay.Create(spec, t)) blocked = Replay.Run(cache, t, block: 37);
        string row = $"{{ \"{policy}\", {capacity}, {theta.ToString(CultureInfo.InvariantCulture)}, {oracle.Exact}, {oracle.Approximate}, {oracle.Misses} }},";
        Assert.True(new Counts(exact, approx, misses) == oracle, "golden row should be: " + row);
        Assert.Equal(oracle, one);
        Assert.Equal(oracle, blocked);
        Assert.Equal(t.Count, one.Hits + one.Misses);
    }

    [Theory]
    [InlineData("sim-lru", 64, 0.3)]
    [InlineData("sim-lru", 256, 0.6)]
    [InlineData("cls-lru", 256, 0.6)]
    [InlineData("static-greedy", 256, 0.6)]
    public void HnswWithALargeEfCountsWhatExactCounts(string policy, int capacity, double theta)
    {
        var t = Trace.Value;
        Counts exact, hnsw;
        using (var cache = Replay.Create(Spec(policy, capacity, theta) + ")", t)) exact = Replay.Run(cache, t);
        using (var cache = Replay.Create(Spec(policy, capacity, theta) + ", index=hnsw(ef=512, candidates=32))", t))
        {
            Assert.Contains("index=hnsw(ef=512", cache.Description);
            hnsw = Replay.Run(cache, t);
        }
        Assert.Equal(exact, hnsw);
    }

    private static string Spec(string policy, int capacity, double theta) => policy == "lru"
        ? $"lru(capacity={capacity}"
        : $"{policy}(capacity={capacity}, threshold={theta.ToString(CultureInfo.InvariantCulture)}";

    private static Counts Oracle(string policy, TraceData t, int capacity, double theta, Margins margins)
    {
        switch (policy)
        {
            case "lru": return NaiveLru.Run(t, capacity);
            case "sim-lru": return NaiveSimLru.Run(t, capacity, theta, margins);
            case "cls-lru": return NaiveSimLru.Run(t, capacity, theta, margins, inner: theta / 2);
            case "static-greedy":
                var (keys, m) = GreedyOrder.GetOrAdd(theta, th =>
                {
                    var mm = new Margins();
                    return (NaiveStaticGreedy.Order(t, 256, th, mm), mm);
                });
                margins.Merge(m);
                return NaiveStaticGreedy.Replay(t, keys.Take(capacity).ToList(), theta);
            default: throw new ArgumentOutOfRangeException(nameof(policy));
        }
    }
}
