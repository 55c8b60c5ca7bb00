using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Oracles;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// Randomised policies against their naive oracles on the golden trace: the mean hit ratio over seeds of the
/// cache and of the oracle (which draws from other seeds) must agree within four standard errors of the
/// difference plus 0.01; and one seed always replays the same. For the k-NN cache, whose requests are rarely
/// answered wholly from the cache, the statistic is the share of answer items served from the cache.
/// </summary>
public class RandomisedPolicyTests
{
    private const int Seeds = 8;
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));
    private static readonly Lazy<DecoderWeights> Decoder = new(() => DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder));

    [Theory]
    [InlineData("rnd-lru(capacity=8, cost=power(alpha=1, cr=1))")]
    [InlineData("rnd-lru(capacity=64, cost=power(alpha=2, cr=0.5))")]
    [InlineData("qlru-dc(capacity=8, q=0.3, cost=power(alpha=1, cr=0.8))")]
    [InlineData("qlru-dc(capacity=64, q=0.05, cost=power(alpha=1, cr=0.5))")]
    [InlineData("duel(capacity=8, beta=0.75, window=50, margin=0.5, cost=power(alpha=1, cr=0.8))")]
    [InlineData("duel(capacity=32, beta=0.5, window=200, margin=1, cost=power(alpha=1, cr=0.6))")]
    [InlineData("knn-cache(capacity=60, k=10, cf=0.01, eta=1)")]
    [InlineData("knn-cache(capacity=20, k=5, cf=0.003, eta=20, cost=power(alpha=2, cr=1))")]
    public void MeanHitRatioOverSeedsMatchesTheNaiveOracle(string spec)
    {
        var t = Trace.Value;
        var cache = new double[Seeds];
        var oracle = new double[Seeds];
        for (int s = 0; s < Seeds; s++)
        {
            using (var c = Create(spec, s + 1))
            {
                var counts = Replay.Run(c, t);
                cache[s] = c.Policy is KnnCachePolicy ? 1 - (double)c.Stats.Fetches / (K(spec) * t.Count) : (double)counts.Hits / t.Count;
            }
            oracle[s] = Oracle(spec, t, new Random(1000 + s));
        }
        double mc = cache.Average(), mo = oracle.Average();
        double se = Math.Sqrt((Variance(cache) + Variance(oracle)) / Seeds);
        Assert.True(Math.Abs(mc - mo) <= 4 * se + 0.01, $"{spec}: cache {mc:F4} (sd {Math.Sqrt(Variance(cache)):F4}) vs oracle {mo:F4} (sd {Math.Sqrt(Variance(oracle)):F4})");
        Assert.True(mc > 0.02 && mc < 0.98, $"{spec}: statistic {mc:F4} should exercise both outcomes");
    }

    [Theory]
    [InlineData("rnd-lru(capacity=8)")]
    [InlineData("qlru-dc(capacity=8, q=0.3, cost=power(alpha=1, cr=0.8))")]
    [InlineData("duel(capacity=8, window=50, margin=0.5, cost=power(alpha=1, cr=0.8))")]
    [InlineData("knn-cache(capacity=60)")]
    public void ASeedAlwaysReplaysTheSameAndAnotherSeedDiffers(string spec)
    {
        var t = Trace.Value;
        string Run(int seed)
        {
            using var c = Create(spec, seed);
            var kinds = new char[t.Count];
            for (int r = 0; r < t.Count; r++)
            {
                var o = c.Process(new CacheRequest(t.Users[r], t.Times[r], t.Vector(r), t.Answers[r]));
                kinds[r] = (char)('0' + (int)o.Kind);
            }
            return new string(kinds) + "|" + c.Stats.TotalCost.ToString("R");
        }
        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
    }

    private static SimilarityCache Create(string spec, int seed) =>
        Replay.Create(spec, Trace.Value, seed: seed, answers: 10, decoder: spec.StartsWith("knn") ? Decoder.Value : null);

    private static int K(string spec) => (int)Parse(spec).GetValueOrDefault("k", 10);

    private static double Oracle(string spec, TraceData t, Random rng)
    {
        var p = Parse(spec);
        double alpha = p.GetValueOrDefault("alpha", 1), cr = p.GetValueOrDefault("cr", 1);
        int k = (int)p["capacity"];
        double n = t.Count;
        return spec.Split('(')[0] switch
        {
            "rnd-lru" => NaiveRandomised.RndLru(t, k, alpha, cr, rng).Hits / n,
            "qlru-dc" => NaiveRandomised.QLru(t, k, p["q"], alpha, cr, rng).Hits / n,
            "duel" => NaiveRandomised.Duel(t, k, p["beta"], (int)p["window"], p["margin"], Math.Pow(cr, 1 / alpha), alpha, cr, rng).Hits / n,
            "knn-cache" => 1 - NaiveKnnCache.Run(t, Decoder.Value, k, K(spec), p.GetValueOrDefault("cf", cr / K(spec)), p["eta"], alpha, rng).Fetched / (K(spec) * n),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
    }

    /// <summary>Every "name=number" in the spec text (nested ones included).</summary>
    private static Dictionary<string, double> Parse(string spec) =>
        spec.Split('(', ')', ',').Select(x => x.Split('=')).Where(kv => kv.Length == 2 && double.TryParse(kv[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0].Trim(), kv => double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));

    private static double Variance(double[] x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Length - 1);
    }
}
