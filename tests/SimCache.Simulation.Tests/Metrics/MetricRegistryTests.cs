using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SimCache.Caching.Policies;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Scale;
using SimCache.Simulation.Tests.Replay;
using SimCache.Simulation.Timing;
using Xunit;

namespace SimCache.Simulation.Tests.Metrics;

/// <summary>
/// The metric registry against real replays: every declared metric is in summary.json at its path, with a value
/// wherever it is defined and null exactly where its declaration says it is undefined; a policy's counters are
/// there with the values it counted on a timeline worked out by hand.
/// </summary>
public partial class MetricRegistryTests
{
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ColumnName();

    [Fact]
    public void EveryMetricHasOneColumnNameOnePathAndSaysWhenItIsUndefined()
    {
        var all = MetricRegistry.All;
        Assert.All(all, m => Assert.Matches(ColumnName(), m.Name));
        Assert.Equal(all.Count, all.Select(m => m.Name).Distinct().Count());
        var paths = all.Where(m => m.SummaryPath is not null).Select(m => m.SummaryPath).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.All(all, m => Assert.Equal(m.UndefinedWhen is null, m.Undefined is null));
        Assert.All(all, m => Assert.False(string.IsNullOrWhiteSpace(m.Label), m.Name));
        // A declared metric left out of the list would reach nothing: every declaration is listed.
        var declared = typeof(MetricRegistry).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MetricDefinition)).Select(f => (MetricDefinition)f.GetValue(null)!).ToList();
        Assert.Equal(declared.Select(m => m.Name).Order(), all.Select(m => m.Name).Order());
        // Each replay-counted event has its own slot.
        Assert.Equal(MetricRegistry.EventSlots, all.Count(m => m.EventSlot >= 0));
        Assert.Equal(Enumerable.Range(0, MetricRegistry.EventSlots), all.Where(m => m.EventSlot >= 0).Select(m => m.EventSlot).Order());

        // Every policy counter is declared once, with a column name no replay metric takes.
        Assert.Contains(PolicyCounter.All, c => c.Name == "evictions");
        Assert.Contains(PolicyCounter.All, c => c.Name == "fetched_items");
        Assert.Contains(PolicyCounter.All, c => c.Name == "placements");
        Assert.Equal(PolicyCounter.All.Count, PolicyCounter.All.Select(c => c.Name).Distinct().Count());
        Assert.All(PolicyCounter.All, c => Assert.Matches(ColumnName(), c.Name));
        Assert.All(PolicyCounter.All, c => Assert.DoesNotContain(all, m => m.Name == c.Name));
        Assert.Equal("policy.evictions", MetricRegistry.Find("evictions")!.SummaryPath);
    }

    /// <summary>
    /// Runs on the golden trace that between them define every metric: answers (quality), latency (delayed hits),
    /// a sampled index (recall), a cost with no cr (the distance scale), and every policy that counts.
    /// </summary>
    public static TheoryData<string, string, string> Runs => new()
    {
        { "lru(capacity=32)", "exact", "0" },
        { "sim-lru(capacity=32, threshold=0.6, cost=power(alpha=1))", "exact(recall=0.5)", "0" },
        { "cls-lru(capacity=32, threshold=0.6)", "exact", "0.02" },
        { "qlru-dc(capacity=64, q=0.5, cost=power(alpha=1,cr=0.5))", "exact", "0" },
        { "rnd-lru(capacity=64)", "exact", "0.5" },
        { "duel(capacity=64, cost=power(alpha=1,cr=0.5))", "exact", "0" },
        { "knn-cache(capacity=200, cost=power(alpha=1,cr=0.5))", "exact", "0" },
        { "static-greedy(capacity=256, threshold=0.3)", "exact", "0" },
        { "gmm-placement(capacity=64, threshold=0.6, window=300)", "exact", "0" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void EveryDeclaredMetricIsInARealRunAndNaNOnlyWhereDeclaredUndefined(string cache, string index, string latency)
    {
        using var dir = new TempDir();
        var (summary, _, source) = Simulate(dir, cache, index, latency);
        var read = SimulationSummary.ReadMetrics(summary); // throws if a declared path is missing
        foreach (var m in MetricRegistry.All)
        {
            // summary.json's value (the sweep stores the same); counts and means survive the run, so the condition is checkable.
            double value = m.SummaryPath is null ? m.Compute(source) : read[m.Name];
            if (m.IsDefinedFor(source))
                Assert.True(double.IsFinite(value), $"{cache}: {m.Name} is {value} but is not declared undefined here");
            else
                Assert.True(double.IsNaN(value), $"{cache}: {m.Name} is {value} where its declaration says it is undefined ({m.UndefinedWhen})");
        }
        // The policy's counters are in summary.json's policy object, each the value the policy counted.
        var policy = (JsonObject)summary["policy"]!;
        Assert.Equal(source.PolicyCounts!.Select(c => c.Name).Order(), policy.Select(p => p.Key).Order());
        foreach (var c in source.PolicyCounts!) Assert.Equal(c.Value, read[c.Name]);
        Assert.Equal(1267, read["requests"]);
    }

    [Fact]
    public void TheRunsDefineEveryMetricAtLeastOnce()
    {
        var defined = new HashSet<string>();
        var counters = new HashSet<string>();
        foreach (var row in Runs)
        {
            using var dir = new TempDir();
            var (summary, _, source) = Simulate(dir, (string)row[0], (string)row[1], (string)row[2]);
            var read = SimulationSummary.ReadMetrics(summary);
            foreach (var m in MetricRegistry.All)
                if (double.IsFinite(m.SummaryPath is null ? m.Compute(source) : read[m.Name])) defined.Add(m.Name);
            foreach (var c in source.PolicyCounts!) counters.Add(c.Name);
        }
        Assert.Empty(MetricRegistry.All.Select(m => m.Name).Except(defined));
        Assert.Empty(PolicyCounter.All.Select(c => c.Name).Except(counters)); // every declared counter is counted by some policy
    }

    [Fact]
    public void LruCountsItsEvictionsIntoSummaryJson()
    {
        // lru(capacity=2), one request a second, users A B A C B at fixed points:
        //   A miss [A]; B miss [B A]; A exact hit [A B]; C miss, evicts B [C A]; B miss, evicts A [B C].
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (1, 0, 0f, 0f), (2, 1, 1f, 0f), (1, 2, 0f, 0f), (3, 3, 2f, 0f), (2, 4, 1f, 0f));
        var (summary, _) = Simulator.Run(new SimulationRequest
        {
            TracePath = trace, Cache = "lru(capacity=2)", OutDir = dir.File("out"), Command = "test", Replay = new ReplayOptions { TopN = 0 },
        });
        var s = (JsonObject)JsonNode.Parse(summary)!;
        Assert.Equal(2, s["policy"]!["evictions"]!.GetValue<long>());
        var m = SimulationSummary.ReadMetrics(s);
        Assert.Equal((5, 1, 0, 4, 2), (m["requests"], m["exact_hits"], m["approximate_hits"], m["misses"], m["evictions"]));
        Assert.Equal(4, m["admissions"]); // each miss inserts; the hit admits nothing
    }

    [Fact]
    public void ClsLruCountsItsMovesIntoSummaryJson()
    {
        // cls-lru(capacity=2, threshold=1, inner=0.25): a hit from beyond 0.25 re-keys the key that served to the request (a move).
        //   u1 (0,0) miss [k(0,0)]; u2 (0.5,0) approximate hit at 0.5, moves the key to (0.5,0);
        //   u3 (5,0) miss [k(5,0) k(0.5,0)]; u4 (1,0) approximate hit at 0.5, moves it to (1,0) [k(1,0) k(5,0)];
        //   u5 (9,0) miss, 4 from (5,0): inserted, evicts (5,0).
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (1, 0, 0f, 0f), (2, 1, 0.5f, 0f), (3, 2, 5f, 0f), (4, 3, 1f, 0f), (5, 4, 9f, 0f));
        var (summary, _) = Simulator.Run(new SimulationRequest
        {
            TracePath = trace, Cache = "cls-lru(capacity=2, threshold=1, inner=0.25)", OutDir = dir.File("out"), Command = "test", Replay = new ReplayOptions { TopN = 0 },
        });
        var m = SimulationSummary.ReadMetrics((JsonObject)JsonNode.Parse(summary)!);
        Assert.Equal((2, 3, 2, 1), (m["approximate_hits"], m["misses"], m["moves"], m["evictions"]));
        Assert.Equal(5, m["admissions"]); // 3 inserts and 2 re-keys
    }

    [Fact]
    public void AMissingSummaryPathIsAnErrorNamingItNotANaN()
    {
        var summary = new JsonObject { ["counts"] = new JsonObject { ["requests"] = 10 } };
        var e = Assert.Throws<FormatException>(() => SimulationSummary.ReadMetrics(summary));
        Assert.Contains("counts.warmup_requests", e.Message);
    }

    private static (JsonObject Summary, ReplayResult Result, MetricSource Source) Simulate(TempDir dir, string cache, string index, string latency)
    {
        var request = new SimulationRequest
        {
            TracePath = RepoFiles.GoldenTrace, DecoderPath = RepoFiles.GoldenDecoder, Cache = cache, Index = index, OutDir = dir.File("out"), Command = "test",
            Replay = new ReplayOptions { Latency = LatencyModel.Parse(latency), Arrivals = latency == "0" ? "trace" : "poisson(rate=100)", Window = 500 },
        };
        var (text, result) = Simulator.Run(request);
        var summary = (JsonObject)JsonNode.Parse(text)!;
        // What the metrics were computed from, rebuilt from the run: its counters, the scale if used, the policy's counts.
        DistanceScale? scale = summary["distance_scale"] is JsonObject d
            ? new DistanceScale(d["value"]!.GetValue<double>(), d["k"]!.GetValue<int>(), d["quantile"]!.GetValue<double>(), d["max_sample"]!.GetValue<int>(),
                d["sample"]!.GetValue<int>(), d["rows"]!.GetValue<long>(), d["seed"]!.GetValue<int>(), d["metric"]!.GetValue<string>())
            : null;
        var counts = ((JsonObject)summary["policy"]!).Select(p => PolicyCounter.All.Single(c => c.Name == p.Key).With(p.Value!.GetValue<double>())).ToList();
        return (summary, result, new MetricSource(result, scale, counts, summary["cost"]!["retrieval_cost_derived"]!.GetValue<int>() == 1, ((JsonArray)summary["warnings"]!).Count));
    }
}
