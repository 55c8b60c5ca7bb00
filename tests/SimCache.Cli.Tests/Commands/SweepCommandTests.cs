using System.CommandLine;
using SimCache.Cli.Commands;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

public class SweepCommandTests
{
    private const string Experiments = """
        { "experiments": [ { "name": "s", "data": { "synthetic": {} },
          "sweep": { "caches": [ { "policy": "lru", "capacity": [10, 100] }, { "policy": "sim-lru", "capacity": [10, 100], "threshold": [0.5, 1] } ], "seeds": [1, 2] } } ] }
        """;

    /// <summary>
    /// A test double for the simulator (tests only): hit ratio K / (K + 10) · (1 + θ) / 2, so the command's wiring can
    /// be checked end to end without the real simulator, which this build does not have.
    /// </summary>
    private sealed class CapacityRunner : ISweepPointRunner
    {
        public string Name => "capacity test runner";

        public void Check(SweepPoint point)
        {
            if (point.Policy is not ("lru" or "sim-lru")) throw new UsageException($"unknown policy '{point.Policy}'");
        }

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            double k = point.Parameter("capacity")!.Number!.Value, t = point.Parameter("threshold")?.Number ?? 1;
            return new PointResult(new Dictionary<string, double> { ["hit_ratio"] = k / (k + 10) * (1 + t) / 2, ["requests"] = 100 + seed });
        }
    }

    private static CliHarness.Result Sweep(ExperimentServices services, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var context = new CliContext(o, e, interactive: false);
        var root = new RootCommand { SweepCommand.Build(context, services) };
        int code = root.Parse(["sweep", .. args]).Invoke(new InvocationConfiguration { Output = o, Error = e, EnableDefaultExceptionHandler = false });
        return new CliHarness.Result(code, o.ToString(), e.ToString());
    }

    [Fact]
    public void TheRealSimulatorSweepsTheGoldenTraceAndCountsWhatTheGoldenTestsPin()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments);
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--decoder", RepoFiles.GoldenDecoder, "--out", dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var csv = File.ReadAllLines(dir.File("out/results.csv"));
        Assert.Equal(13, csv.Length);
        var header = csv[0].Split(',');
        int cache = Array.IndexOf(header, "cache"), misses = Array.IndexOf(header, "misses"), requests = Array.IndexOf(header, "requests");
        // lru at capacity 10: what a naive LRU over the golden trace's user ids misses (GoldenCountsTests' oracle gives
        // 438 at capacity 4 and 371 at 32; 10 lies between).
        var lru10 = csv.Skip(1).Select(l => l.Split(',')).Where(c => c[cache] == "lru(capacity=10)").ToList();
        Assert.Equal(2, lru10.Count);
        Assert.All(lru10, c => Assert.Equal("1267", c[requests]));
        Assert.All(lru10, c => Assert.InRange(int.Parse(c[misses], System.Globalization.CultureInfo.InvariantCulture), 372, 437));
    }

    [Fact]
    public void ABrokenTraceIsABadInputNamingTheFile()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments);
        var trace = dir.File("trace.arrow", "not an Arrow file");
        var r = CliHarness.Run("sweep", file, "--trace", trace, "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(trace, r.Err);
    }

    [Fact]
    public void TheSweepFillsTheResultsStoreResumesAndWritesTheReport()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments);
        var trace = dir.File("trace.arrow", "the test runner does not read it");
        var services = new ExperimentServices(new CapacityRunner());
        var r = Sweep(services, file, "--trace", trace, "--jobs", "2", "--out", dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Sweep: 12 runs in", r.Out);
        Assert.Contains("(12 run now)", r.Out);
        Assert.Contains($"Report: {Path.Combine(dir.Path, "out", "index.html")}", r.Out);
        var csv = File.ReadAllLines(dir.File("out/results.csv"));
        Assert.Equal(13, csv.Length);
        Assert.StartsWith("experiment,point_key,seed,policy,cache,arrivals,index,latency,ttl,warmup,window,capacity,threshold,hit_ratio,requests,inputs,code_version,wall_seconds", csv[0]);
        Assert.StartsWith("s,lru(capacity=10)|arrivals=trace|index=exact|latency=0|ttl=none|warmup=0|window=1000,1,lru,lru(capacity=10),trace,exact,0,none,0,1000,10,,0.5,101,", csv[1]);
        Assert.Contains("hit-ratio-vs-capacity.svg", File.ReadAllText(dir.File("out/index.html")));
        Assert.Contains("capacity test runner", File.ReadAllText(dir.File("out/s/experiment.json")));

        var again = Sweep(services, file, "--trace", trace, "--out", dir.File("out"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("(0 run now)", again.Out);
        Assert.Equal(csv, File.ReadAllLines(dir.File("out/results.csv")));
    }

    [Fact]
    public void BadInputIsExitCode2NamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments);
        var trace = dir.File("trace.arrow", "x");
        var services = new ExperimentServices(new CapacityRunner());
        var r = Sweep(services, file, "--trace", dir.File("missing.arrow"), "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--trace:", r.Err);
        r = Sweep(services, file, "--trace", trace, "--jobs", "0", "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--jobs must be ≥ 1", r.Err);
        var unknown = dir.File("u.json", Experiments.Replace("\"policy\": \"sim-lru\"", "\"policy\": \"sim-lfu\""));
        r = Sweep(services, unknown, "--trace", trace, "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("experiments[0].sweep.caches[1] (sim-lfu(capacity=10,threshold=0.5)): unknown policy 'sim-lfu'", r.Err);
        var noSweep = dir.File("n.json", """{ "experiments": [ { "name": "n", "data": { "synthetic": {} } } ] }""");
        r = Sweep(services, noSweep, "--trace", trace, "--out", dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("experiment 'n' has no sweep section", r.Err);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
