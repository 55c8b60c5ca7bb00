using SimCache.Caching.Tests.Oracles;
using SimCache.Caching.Tests.Support;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// Golden counts for the seeded randomised policies (rnd-lru, qlru-dc, duel) on the committed trace
/// <c>traces/golden-small/trace.arrow</c>: one seed, three capacities each. A seed fixes every draw, so any
/// change to a policy's rule, to the order of its draws or to the generator shows here as a changed number,
/// where the statistical test (<see cref="RandomisedPolicyTests"/>) would let it pass within its band. The
/// literals were produced by the policies and cross-checked against the naive oracles: each pinned hit count
/// lies within four standard deviations of the oracle's mean over independent seeds, so a literal cannot
/// freeze a wrong rule.
/// </summary>
public class RandomisedGoldenTests
{
    private const int Seed = 7;
    private const int OracleSeeds = 16;
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));

    /// <summary>(policy spec, exact hits, approximate hits, misses) with seed <see cref="Seed"/>.</summary>
    public static TheoryData<string, int, int, int> Golden => new()
    {
        { "rnd-lru(capacity=4, cost=power(alpha=1, cr=1))", 0, 409, 858 },
        { "rnd-lru(capacity=16, cost=power(alpha=1, cr=1))", 0, 452, 815 },
        { "rnd-lru(capacity=64, cost=power(alpha=2, cr=0.5))", 0, 458, 809 },
        { "qlru-dc(capacity=4, q=0.3, cost=power(alpha=1, cr=0.8))", 0, 449, 818 },
        { "qlru-dc(capacity=16, q=0.3, cost=power(alpha=1, cr=0.8))", 0, 553, 714 },
        { "qlru-dc(capacity=64, q=0.05, cost=power(alpha=1, cr=0.5))", 0, 62, 1205 },
        { "duel(capacity=4, beta=0.75, window=50, margin=0.5, cost=power(alpha=1, cr=0.8))", 0, 190, 1077 },
        { "duel(capacity=16, beta=0.75, window=50, margin=0.5, cost=power(alpha=1, cr=0.8))", 0, 386, 881 },
        { "duel(capacity=32, beta=0.5, window=200, margin=1, cost=power(alpha=1, cr=0.6))", 0, 55, 1212 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void SeededCountsEqualTheGoldenNumbersOneByOneAndInBlocks(string spec, int exact, int approx, int misses)
    {
        var t = Trace.Value;
        Counts one, blocked;
        using (var c = Replay.Create(spec, t, seed: Seed)) one = Replay.Run(c, t);
        using (var c = Replay.Create(spec, t, seed: Seed)) blocked = Replay.Run(c, t, block: 37);
        Assert.True(new Counts(exact, approx, misses) == one, $"golden row should be: {{ \"{spec}\", {one.Exact}, {one.Approximate}, {one.Misses} }},");
        Assert.Equal(one, blocked);
        Assert.Equal(t.Count, one.Hits + one.Misses);
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void GoldenHitCountsLieWithinTheNaiveOraclesSpread(string spec, int exact, int approx, int misses)
    {
        var t = Trace.Value;
        var hits = new double[OracleSeeds];
        for (int s = 0; s < OracleSeeds; s++) hits[s] = Oracle(spec, t, new Random(2000 + s)).Hits;
        double mean = hits.Average();
        double sd = Math.Sqrt(hits.Sum(h => (h - mean) * (h - mean)) / (OracleSeeds - 1));
        double pinned = exact + approx;
        Assert.Equal(t.Count, exact + approx + misses);
        Assert.True(Math.Abs(pinned - mean) <= 4 * sd * Math.Sqrt(1 + 1.0 / OracleSeeds) + 0.01 * t.Count,
            $"{spec}: pinned {pinned} hits vs oracle {mean:F1} ± {sd:F1}");
    }

    private static Counts Oracle(string spec, TraceData t, Random rng)
    {
        var p = spec.Split('(', ')', ',').Select(x => x.Split('='))
            .Where(kv => kv.Length == 2 && double.TryParse(kv[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0].Trim(), kv => double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
        double alpha = p["alpha"], cr = p["cr"];
        int k = (int)p["capacity"];
        return spec.Split('(')[0] switch
        {
            "rnd-lru" => NaiveRandomised.RndLru(t, k, alpha, cr, rng),
            "qlru-dc" => NaiveRandomised.QLru(t, k, p["q"], alpha, cr, rng),
            "duel" => NaiveRandomised.Duel(t, k, p["beta"], (int)p["window"], p["margin"], Math.Pow(cr, 1 / alpha), alpha, cr, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
    }
}
