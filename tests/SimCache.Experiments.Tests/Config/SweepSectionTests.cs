using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Config;

public class SweepSectionTests
{
    private static ExperimentSpec Load(string sweep)
    {
        using var dir = new TempDir();
        var path = dir.File("e.json", $$"""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": {{sweep}} } ] }""");
        return ExperimentFile.Load(path).Select(null);
    }

    private static string Refused(string sweep)
    {
        using var dir = new TempDir();
        var path = dir.File("e.json", $$"""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": {{sweep}} } ] }""");
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(path));
        Assert.Equal(path, e.Path);
        return e.Detail;
    }

    [Fact]
    public void CachesExpandIntoCanonicalCacheStringsAndPointKeys()
    {
        // Parameters written out of order, a list and a range: canonical order is by name, the first name slowest.
        var spec = Load("""{ "caches": [ { "threshold": { "from": 0.5, "to": 1.5, "steps": 3 }, "policy": "sim-lru", "capacity": [100, 1000] }, { "policy": "lru", "capacity": 50 } ], "seeds": [3, 1] }""");
        var points = SweepPlan.Expand(spec.Sweep!);
        Assert.Equal(
        [
            "sim-lru(capacity=100,threshold=0.5)", "sim-lru(capacity=100,threshold=1)", "sim-lru(capacity=100,threshold=1.5)",
            "sim-lru(capacity=1000,threshold=0.5)", "sim-lru(capacity=1000,threshold=1)", "sim-lru(capacity=1000,threshold=1.5)",
            "lru(capacity=50)",
        ], points.Select(p => p.Cache));
        Assert.Equal("sim-lru(capacity=100,threshold=0.5)|arrivals=trace|index=exact|latency=0|ttl=none|warmup=0|window=1000", points[0].Key);
        Assert.Equal(Enumerable.Range(0, 7), points.Select(p => p.Index));
        Assert.Equal("experiments[0].sweep.caches[1]", points[6].Source);
        Assert.Equal([3L, 1L], spec.Sweep!.Seeds);
        var o = points[0].Options;
        Assert.Equal(("exact", 0.0, (double?)null, "trace", 0L, 1000.0), (o.Index, o.LatencySeconds!.Value, o.TtlSeconds, o.Arrivals, o.Warmup, o.Window));
    }

    [Fact]
    public void SimulatorListsMultiplyTheGrid()
    {
        var spec = Load("""{ "caches": [ { "policy": "lru", "capacity": 10 } ], "seeds": 7, "simulator": { "index": ["exact", "hnsw(ef=128)"], "latency": [0, "exp(mean=0.05)"], "ttl": 60, "arrivals": "poisson(rate=200)", "warmup": 500, "window": 3600 } }""");
        var points = SweepPlan.Expand(spec.Sweep!);
        Assert.Equal(
        [
            "lru(capacity=10)|arrivals=poisson(rate=200)|index=exact|latency=0|ttl=60|warmup=500|window=3600",
            "lru(capacity=10)|arrivals=poisson(rate=200)|index=exact|latency=exp(mean=0.05)|ttl=60|warmup=500|window=3600",
            "lru(capacity=10)|arrivals=poisson(rate=200)|index=hnsw(ef=128)|latency=0|ttl=60|warmup=500|window=3600",
            "lru(capacity=10)|arrivals=poisson(rate=200)|index=hnsw(ef=128)|latency=exp(mean=0.05)|ttl=60|warmup=500|window=3600",
        ], points.Select(p => p.Key));
        Assert.Equal([7L], spec.Sweep!.Seeds);
        Assert.Null(points[1].Options.LatencySeconds);
        Assert.Equal(60.0, points[1].Options.TtlSeconds);
    }

    [Fact]
    public void ACacheMayOverrideTheSweepsSimulatorOptions()
    {
        var spec = Load("""{ "caches": [ { "policy": "lru", "capacity": 10 }, { "policy": "knn-cache", "capacity": 10, "k": 5, "simulator": { "index": "hnsw(ef=128)" } } ], "simulator": { "latency": 0.1, "warmup": 10 } }""");
        var points = SweepPlan.Expand(spec.Sweep!);
        Assert.Equal(
        [
            "lru(capacity=10)|arrivals=trace|index=exact|latency=0.1|ttl=none|warmup=10|window=1000",
            "knn-cache(capacity=10,k=5)|arrivals=trace|index=hnsw(ef=128)|latency=0.1|ttl=none|warmup=10|window=1000",
        ], points.Select(p => p.Key));
        Assert.Contains("experiments[0].sweep.caches[0].simulator.index: expected exact",
            Refused("""{ "caches": [ { "policy": "knn-cache", "simulator": { "index": "annoy" } } ] }"""));
    }

    [Fact]
    public void TheSameGridWrittenDifferentlyGivesTheSameKeys()
    {
        var a = SweepPlan.Expand(Load("""{ "caches": [ { "policy": "sim-lru", "capacity": 1e3, "threshold": [0.20, 2.0] } ] }""").Sweep!);
        var b = SweepPlan.Expand(Load("""{ "caches": [ { "threshold": { "from": 0.2, "to": 2, "steps": 2 }, "capacity": 1000, "policy": "sim-lru" } ] }""").Sweep!);
        Assert.Equal(a.Select(p => p.Key), b.Select(p => p.Key));
        Assert.Equal("sim-lru(capacity=1000,threshold=2)", a[1].Cache);
    }

    [Theory]
    [InlineData("""{ "caches": [ { "policy": "lru", "capacity": 1 }, { "policy": "sim-lru", "threshold": "very high" } ] }""", "experiments[0].sweep.caches[1].threshold: 'very high' is not a parameter value")]
    [InlineData("""{ "caches": [ { "policy": "lru", "capacity": 1 }, { "policy": "sim-lru", "threshold": { "from": 0.2, "to": 2 } } ] }""", "experiments[0].sweep.caches[1].threshold.steps: is required")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "threshold": { "from": 0.2, "to": 2, "steps": 1 } } ] }""", "experiments[0].sweep.caches[0].threshold.steps: must be ≥ 2")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "threshold": { "from": 0.2, "to": 2, "steps": 3, "step": 1 } } ] }""", "experiments[0].sweep.caches[0].threshold.step: unknown key")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "threshold": { "from": 0, "to": 2, "steps": 3, "scale": "log" } } ] }""", "experiments[0].sweep.caches[0].threshold: a log-spaced range needs from > 0")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "threshold": { "from": 0.2, "to": 2, "steps": 3, "scale": "cubic" } } ] }""", "experiments[0].sweep.caches[0].threshold.scale: unknown scale 'cubic'")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "capacity": [] } ] }""", "experiments[0].sweep.caches[0].capacity: expected a non-empty list")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "capacity": [10, null] } ] }""", "experiments[0].sweep.caches[0].capacity[1]: expected a number")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "capacity": [10, 10.0] } ] }""", "experiments[0].sweep.caches[0].capacity[1]: the value 10 is given twice")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "Capacity": 10 } ] }""", "experiments[0].sweep.caches[0].Capacity: unknown key")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "index": "hnsw" } ] }""", "experiments[0].sweep.caches[0].index: 'index' is a simulator option")]
    [InlineData("""{ "caches": [ { "policy": "sim-lru", "seed": 3 } ] }""", "experiments[0].sweep.caches[0].seed: 'seed' names a column")]
    [InlineData("""{ "caches": [ { "capacity": 10 } ] }""", "experiments[0].sweep.caches[0].policy: is required")]
    [InlineData("""{ "caches": [ { "policy": "Sim LRU" } ] }""", "experiments[0].sweep.caches[0].policy: 'Sim LRU' is not a policy name")]
    [InlineData("""{ "caches": [ "sim-lru" ] }""", "experiments[0].sweep.caches[0]: expected an object")]
    [InlineData("""{ "caches": [] }""", "experiments[0].sweep.caches: expected a non-empty array")]
    [InlineData("""{ "policies": [] }""", "experiments[0].sweep.policies: unknown key")]
    [InlineData("""{ "caches": [ { "policy": "lru", "capacity": [1, 2] }, { "policy": "lru", "capacity": 2 } ] }""", "experiments[0].sweep.caches[1]: repeats the point lru(capacity=2) of experiments[0].sweep.caches[0]")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "seeds": [1, 1] }""", "experiments[0].sweep.seeds[1]: seed 1 is given twice")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "seeds": [-1] }""", "experiments[0].sweep.seeds[0]: a seed must be ≥ 0")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "index": "faiss" } }""", "experiments[0].sweep.simulator.index: expected exact, hnsw")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "latency": [0, -1] } }""", "experiments[0].sweep.simulator.latency[1]: a latency is ≥ 0")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "arrivals": "poisson(rate=0)" } }""", "experiments[0].sweep.simulator.arrivals: expected trace or poisson(rate=R)")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "ttl": 0 } }""", "experiments[0].sweep.simulator.ttl: a TTL is > 0")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "warmup": [0, 10] } }""", "experiments[0].sweep.simulator.warmup: expected an integer")]
    [InlineData("""{ "caches": [ { "policy": "lru" } ], "simulator": { "speed": 1 } }""", "experiments[0].sweep.simulator.speed: unknown key")]
    public void BadSweepsNameTheJsonPath(string sweep, string expected) => Assert.Contains(expected, Refused(sweep));
}
