using System.Text.Json.Nodes;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Services;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using Xunit;

namespace SimCache.Experiments.Tests.Services;

/// <summary>
/// The sweep's simulator on the committed golden trace: its counts are the golden counts the caching tests pin
/// (derived there by a naive oracle), its metrics are summary.json's, and it refuses a bad point before running.
/// </summary>
public class SimulatorPointRunnerTests
{
    private static readonly SweepInputs Inputs = SweepInputs.FromFiles(RepoFiles.GoldenTrace, RepoFiles.GoldenDecoder, null);

    private static IReadOnlyList<SweepPoint> Points(string caches, string simulator = "{}")
    {
        using var dir = new TempDir();
        var path = dir.File("e.json", $$"""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": {{caches}}, "simulator": {{simulator}} } } ] }""");
        return SweepPlan.Expand(ExperimentFile.Load(path).Select(null).Sweep!);
    }

    [Theory]
    // (cache, exact hits, approximate hits, misses): rows of tests/SimCache.Caching.Tests/Policies/GoldenCountsTests.
    [InlineData("""{ "policy": "lru", "capacity": 32 }""", 0, 896, 371)]
    [InlineData("""{ "policy": "sim-lru", "capacity": 32, "threshold": 0.6 }""", 0, 635, 632)]
    [InlineData("""{ "policy": "static-greedy", "capacity": 256, "threshold": 0.3 }""", 256, 221, 790)]
    public void CountsAreTheGoldenCounts(string cache, int exact, int approximate, int misses)
    {
        var point = Assert.Single(Points($"[{cache}]"));
        var m = new SimulatorPointRunner().Run(Inputs, point, 1, CancellationToken.None).Metrics;
        Assert.Equal(1267, m[SweepMetrics.Requests]);
        Assert.Equal(exact, m[SweepMetrics.ExactHits]);
        Assert.Equal(approximate, m[SweepMetrics.ApproximateHits]);
        Assert.Equal(misses, m[SweepMetrics.Misses]);
        Assert.Equal(0, m[SweepMetrics.DelayedHits]);
        Assert.Equal((exact + approximate) / 1267.0, m[SweepMetrics.HitRatio], 12);
        Assert.Equal(misses / 1267.0, m["miss_ratio"], 12);
    }

    [Fact]
    public void MetricsAreThoseOfSimulateSummaryJson()
    {
        var point = Assert.Single(Points("""[ { "policy": "rnd-lru", "capacity": 64, "cost": "power(alpha=1,cr=0.5)" } ]""", """{ "latency": 0.5, "arrivals": "poisson(rate=100)", "warmup": 100, "window": 200 }"""));
        var runner = new SimulatorPointRunner();
        var result = runner.Run(Inputs, point, 7, CancellationToken.None);
        using var dir = new TempDir();
        var request = new SimulationRequest
        {
            TracePath = RepoFiles.GoldenTrace, Cache = point.Cache, DecoderPath = RepoFiles.GoldenDecoder, OutDir = dir.File("sim"), Command = "test",
            Replay = new ReplayOptions { Latency = SimCache.Simulation.Timing.LatencyModel.Parse("0.5"), Arrivals = "poisson(rate=100)", Warmup = 100, Window = 200, Seed = 7 },
        };
        Simulator.Run(request);
        var summary = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(request.OutDir, SimulationSummary.SummaryFile)))!;
        var expected = SimulatorPointRunner.Flatten(summary);
        foreach (var (name, value) in expected)
        {
            if (name is SweepMetrics.SimulatorSeconds or SweepMetrics.RequestsPerSecond) continue;
            Assert.True(value.Equals(result.Metrics[name]), $"{name}: summary.json {value}, sweep {result.Metrics[name]}");
        }
        Assert.Equal(1167, result.Metrics[SweepMetrics.Requests]);
        Assert.True(result.Metrics[SweepMetrics.DelayedHits] > 0, "a 0.5 s latency at 100 requests/s makes delayed hits");

        // The time series adds up to the totals, and its clock starts at 0.
        var series = result.Series!;
        Assert.Equal(result.Metrics[SweepMetrics.Requests], series.Column(SweepMetrics.Requests)!.Sum());
        Assert.Equal(result.Metrics[SweepMetrics.Misses], series.Column(SweepMetrics.Misses)!.Sum());
        var time = series.Column(SweepMetrics.Time)!;
        Assert.True(time.Zip(time.Skip(1)).All(p => p.First <= p.Second));
        Assert.True(time[0] >= 0);
    }

    [Fact]
    public void SameSeedSameMetricsOtherSeedOtherDraws()
    {
        var point = Assert.Single(Points("""[ { "policy": "qlru-dc", "capacity": 64, "q": 0.5, "cost": "power(alpha=1,cr=0.5)" } ]"""));
        var runner = new SimulatorPointRunner();
        var a = runner.Run(Inputs, point, 3, CancellationToken.None).Metrics;
        var b = new SimulatorPointRunner().Run(Inputs, point, 3, CancellationToken.None).Metrics;
        var c = runner.Run(Inputs, point, 4, CancellationToken.None).Metrics;
        Assert.Equal(a[SweepMetrics.Misses], b[SweepMetrics.Misses]);
        Assert.Equal(a[SweepMetrics.TotalCost], b[SweepMetrics.TotalCost]);
        Assert.NotEqual(a[SweepMetrics.TotalCost], c[SweepMetrics.TotalCost]);
    }

    [Fact]
    public void FlattenReadsNumbersMapsNullToNaNAndTurnsTheNdcgDifferenceIntoALoss()
    {
        var summary = new JsonObject
        {
            ["counts"] = new JsonObject { ["requests"] = 10, ["exact_hits"] = 2L, ["misses"] = 5 },
            ["ratios"] = new JsonObject { ["hit_ratio"] = 0.5 },
            ["distance"] = new JsonObject { ["mean"] = null },
            ["quality"] = new JsonObject { ["served_ndcg_mean"] = 0.25, ["own_ndcg_mean"] = 0.4 },
        };
        var m = SimulatorPointRunner.Flatten(summary);
        Assert.Equal(10, m[SweepMetrics.Requests]);
        Assert.Equal(2, m[SweepMetrics.ExactHits]);
        Assert.Equal(0.5, m[SweepMetrics.HitRatio]);
        Assert.True(double.IsNaN(m[SweepMetrics.DistanceMean]));
        Assert.True(double.IsNaN(m[SweepMetrics.IndexRecall]), "no index_recall object: not sampled");
        Assert.Equal(0.4 - 0.25, m[SweepMetrics.NdcgLoss], 15);
        Assert.Equal(SimulatorPointRunner.Metrics.Count + 1, m.Count);
    }

    [Theory]
    [InlineData("""[ { "policy": "sim-lruu", "capacity": 10, "threshold": 1 } ]""", "{}", "sim-lru")]
    [InlineData("""[ { "policy": "sim-lru", "capacity": 10, "treshold": 1 } ]""", "{}", "threshold")]
    [InlineData("""[ { "policy": "gmm-placement", "capacity": 10 } ]""", "{}", "parameter 'threshold' is required")]
    [InlineData("""[ { "policy": "lru", "capacity": 10 } ]""", """{ "latency": "gamma(k=2)" }""", "latency")]
    [InlineData("""[ { "policy": "lru", "capacity": 10 } ]""", """{ "index": "hnsw(ef=0)" }""", "ef")]
    [InlineData("""[ { "policy": "lru", "capacity": 10, "cost": "cubic(alpha=3)" } ]""", "{}", "power")]
    public void CheckRefusesABadPointNamingWhatIsWrong(string caches, string simulator, string named)
    {
        var point = Assert.Single(Points(caches, simulator));
        var e = Assert.Throws<UsageException>(() => new SimulatorPointRunner().Check(point));
        Assert.Contains(named, e.Message);
    }

    /// <summary>
    /// A warm-up as long as the trace leaves nothing to count (its hit ratio would read 0): refused with the
    /// other input checks, before anything is written, at the JSON path where the warm-up was written — the
    /// sweep's simulator section, or the cache's own when it sets one.
    /// </summary>
    [Theory]
    [InlineData("""[ { "policy": "lru", "capacity": 10 } ]""", """{ "warmup": WARMUP }""", "experiments[0].sweep.simulator.warmup")]
    [InlineData("""[ { "policy": "lru", "capacity": 10 }, { "policy": "lru", "capacity": 20, "simulator": { "warmup": WARMUP } } ]""", "{}", "experiments[0].sweep.caches[1].simulator.warmup")]
    public void AWarmUpCoveringTheTraceIsRefusedAtItsJsonPath(string caches, string simulator, string at)
    {
        long rows;
        using (var reader = SimCache.Data.Arrow.TraceFileReader.Open(RepoFiles.GoldenTrace)) rows = reader.TotalRows;
        Assert.Equal(1267, rows);
        var runner = new SimulatorPointRunner();
        var shorter = Points(caches.Replace("WARMUP", "1266"), simulator.Replace("WARMUP", "1266"));
        SweepPreflight.CheckInputs(shorter, Inputs, runner); // one request left to count: accepted
        var points = Points(caches.Replace("WARMUP", "1267"), simulator.Replace("WARMUP", "1267"));
        var e = Assert.Throws<DataFormatException>(() => SweepPreflight.CheckInputs(points, Inputs, runner));
        Assert.EndsWith("e.json", e.Path);
        Assert.StartsWith(at + " (lru(capacity=", e.Detail);
        Assert.Contains("'warmup' (1267) covers all 1267 requests", e.Detail);
    }
}
