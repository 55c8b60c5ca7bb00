using System.Text.Json.Nodes;
using SimCache.Caching.Policies;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Services;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Results;
using SimCache.Simulation.Metrics;
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
        var expected = SimulationSummary.ReadMetrics(summary);
        Assert.Equal(expected.Keys.Append(MetricRegistry.Warnings.Name).Order(), result.Metrics.Keys.Order()); // the same metrics, the policy's counters included
        // Undefined here, and only these: the run used no distance scale, sampled no recall, and had no approximate hit.
        Assert.Equal(0, result.Metrics[SweepMetrics.ApproximateHits]);
        string[] undefined =
        [
            "approx_cost_mean", "approx_cost_p50", "approx_cost_p90", "approx_cost_p99", "approximate_hit_overlap",
            "distance_mean", "distance_p50", "distance_p90", "distance_p99",
            "distance_scale", "distance_scale_k", "distance_scale_quantile", "distance_scale_sample", "index_recall", "index_recall_at_1",
        ];
        var nan = string.Join(" ", result.Metrics.Where(m => double.IsNaN(m.Value)).Select(m => m.Key).Order());
        Assert.True(string.Join(" ", undefined.Order()) == nan, nan);
        foreach (var (name, value) in expected)
        {
            if (name == SweepMetrics.SimulatorSeconds || name == SweepMetrics.RequestsPerSecond) continue; // two runs, two timings
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
    public void LruMetricsOnTheGoldenTraceAreTheirKnownValuesAndNoneIsNaNThatMustBeDefined()
    {
        // lru(capacity=32), zero latency, C_r = 1, cost = distance: the golden counts (0 exact, 896 approximate, 371
        // misses of 1267, from the naive oracle of GoldenCountsTests); every miss inserts a user not cached, so
        // after the first 32 fill the cache each one evicts: 371 − 32 evictions; each miss fetches once.
        var point = Assert.Single(Points("""[ { "policy": "lru", "capacity": 32, "cost": "power(alpha=1,cr=1)" } ]"""));
        var m = new SimulatorPointRunner().Run(Inputs, point, 1, CancellationToken.None).Metrics;
        Assert.Equal(1267, m[SweepMetrics.Requests]);
        Assert.Equal((0, 896, 0, 371), (m[SweepMetrics.ExactHits], m[SweepMetrics.ApproximateHits], m[SweepMetrics.DelayedHits], m[SweepMetrics.Misses]));
        Assert.Equal(371 - 32, m["evictions"]);
        Assert.Equal(371, m["fetches"]);
        Assert.Equal(371, m["admissions"]); // a miss inserts its user; a hit admits nothing
        Assert.Equal(0, m["warmup_requests"]);
        Assert.Equal(896 / 1267.0, m[SweepMetrics.HitRatio], 15);
        Assert.Equal(896 / 1267.0, m["approximate_hit_ratio"], 15);
        Assert.Equal(371 / 1267.0, m["miss_ratio"], 15);
        Assert.Equal(0, m["exact_hit_ratio"]);
        Assert.Equal(1, m["retrieval_cost"]);
        Assert.Equal(0, m["retrieval_cost_derived"]);
        Assert.Equal(0, m["warnings"]);
        // power(alpha=1): an approximate hit costs its distance, a miss C_r = 1.
        Assert.Equal(m[SweepMetrics.DistanceMean] * 896 + 371, m[SweepMetrics.TotalCost], 9);
        Assert.Equal(m[SweepMetrics.TotalCost] / 1267, m[SweepMetrics.CostPerRequest], 12);
        Assert.Equal(m[SweepMetrics.DistanceMean], m[SweepMetrics.CostMean], 12);
        Assert.Equal(m[SweepMetrics.DistanceP90], m[SweepMetrics.CostP90], 6);
        Assert.True(m[SweepMetrics.DistanceP50] <= m[SweepMetrics.DistanceP90] && m[SweepMetrics.DistanceP90] <= m[SweepMetrics.DistanceP99]);
        Assert.Equal(m[SweepMetrics.NdcgOwn] - m[SweepMetrics.NdcgServed], m[SweepMetrics.NdcgLoss], 15);
        // NaN only where declared undefined for this run: no delayed hit, no distance scale, no recall sampled.
        string[] undefined =
        [
            "delayed_wait_mean", "delayed_wait_p50", "delayed_wait_p90", "delayed_wait_p99",
            "distance_scale", "distance_scale_k", "distance_scale_quantile", "distance_scale_sample", "index_recall", "index_recall_at_1",
        ];
        Assert.Equal(undefined.Order(), m.Where(v => double.IsNaN(v.Value)).Select(v => v.Key).Order());
        Assert.All(undefined, name => Assert.NotNull(MetricRegistry.Find(name)!.UndefinedWhen));
        Assert.Equal(MetricRegistry.All.Select(d => d.Name).Append("evictions").Order(), m.Keys.Order());
    }

    [Fact]
    public void PolicyCountersAreColumnsOfResultsCsvAndResultsDb()
    {
        using var dir = new TempDir();
        var points = Points("""[ { "policy": "lru", "capacity": 32 }, { "policy": "knn-cache", "capacity": 200, "cost": "power(alpha=1,cr=0.5)" } ]""");
        var outDir = dir.File("out");
        SweepEngine.Run(new SweepRequest("x", points, [1], Inputs, outDir, 1, "v1"), new SimulatorPointRunner());
        var csv = CsvTable.Read(Path.Combine(outDir, ResultsCsv.FileName));
        Assert.Contains("evictions", csv.Header);
        Assert.Contains("fetched_items", csv.Header);
        var lru = csv.Rows.Single(r => r["policy"] == "lru");
        Assert.Equal("339", lru["evictions"]); // 371 misses − 32 keys, as above
        Assert.Equal("", lru["fetched_items"]); // not a counter of lru
        using var store = ResultsStore.Open(outDir);
        var knn = store.Rows().Single(r => r.Policy == "knn-cache");
        var direct = new SimulatorPointRunner().Run(Inputs, points.Single(p => p.Policy == "knn-cache"), 1, CancellationToken.None).Metrics;
        Assert.True(direct["fetched_items"] > 0);
        Assert.Equal(direct["fetched_items"], knn.Metric("fetched_items"));
        Assert.True(double.IsNaN(knn.Metric("evictions")));
    }

    [Fact]
    public void EveryMetricAndPolicyCounterIsAValidResultsColumnNoFixedColumnTakes()
    {
        foreach (var name in MetricRegistry.All.Select(m => m.Name).Concat(PolicyCounter.All.Select(c => c.Name)))
        {
            Assert.True(ResultColumns.IsValidName(name), name);
            Assert.DoesNotContain(name, ResultColumns.All);
        }
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
