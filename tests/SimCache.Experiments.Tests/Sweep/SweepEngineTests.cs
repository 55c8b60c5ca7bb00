using SimCache.Data.IO;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Results;
using Xunit;

namespace SimCache.Experiments.Tests.Sweep;

public class SweepEngineTests
{
    private static SweepOutcome Run(string outDir, TempDir dir, int jobs, ISweepPointRunner? runner = null, string json = SweepFixtures.Json, SweepInputs? inputs = null)
    {
        var (name, points, seeds) = SweepFixtures.Load(dir, json);
        return SweepEngine.Run(new SweepRequest(name, points, seeds, inputs ?? SweepFixtures.Inputs, outDir, jobs, "v1"), runner ?? new FormulaPointRunner());
    }

    /// <summary>The CSV without the one column that legitimately differs between runs: the wall time.</summary>
    private static List<string> WithoutWallTime(string csv)
    {
        var t = CsvTable.Read(csv);
        var columns = t.Header.Where(h => h != "wall_seconds").ToList();
        return [string.Join(",", columns), .. t.Rows.Select(r => string.Join(",", columns.Select(c => r[c])))];
    }

    [Fact]
    public void OneJobAndThreeJobsGiveTheSameResults()
    {
        using var dir = new TempDir();
        var one = Run(dir.File("one"), dir, 1, new FormulaPointRunner(delayMs: 2));
        var three = Run(dir.File("three"), dir, 3, new FormulaPointRunner(delayMs: 2));
        Assert.Equal((30, 30), (one.Runs, one.Ran));
        Assert.Equal((30, 30), (three.Runs, three.Ran));
        Assert.Equal(WithoutWallTime(one.Csv), WithoutWallTime(three.Csv));
        using var a = ResultsStore.Open(dir.File("one"));
        using var b = ResultsStore.Open(dir.File("three"));
        var rowsA = a.Rows();
        var rowsB = b.Rows();
        Assert.Equal(rowsA.Select(r => (r.PointKey, r.Seed, r.Cache, string.Join(";", r.Metrics.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}")))),
            rowsB.Select(r => (r.PointKey, r.Seed, r.Cache, string.Join(";", r.Metrics.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}")))));
        foreach (var r in rowsB)
        {
            Assert.Equal(FormulaPointRunner.Expected(r.Parameter("capacity")!.Number!.Value, r.Parameter("threshold")?.Number ?? 0, r.Seed)["hit_ratio"], r.Metric("hit_ratio"));
            Assert.Equal(b.Series(r.Experiment, r.PointKey, r.Seed)!.Column("hit_ratio"), a.Series(r.Experiment, r.PointKey, r.Seed)!.Column("hit_ratio"));
        }
    }

    [Fact]
    public void ARerunRunsOnlyWhatIsMissingAndNewInputsStartAfresh()
    {
        using var dir = new TempDir();
        var out1 = dir.File("out");
        var small = SweepFixtures.Json.Replace("[10, 100, 1000]", "[10]");
        Assert.Equal(26, Run(out1, dir, 2, json: small).Ran);
        var again = Run(out1, dir, 2);
        Assert.Equal((30, 26, 4), (again.Runs, again.AlreadyDone, again.Ran));
        Assert.Equal(0, Run(out1, dir, 2).Ran);
        var other = Run(out1, dir, 2, inputs: new SweepInputs("other.arrow", null, null, "inputs-2"));
        Assert.Equal((30, 30, 30), (other.RemovedStale, other.Ran, CsvTable.Read(other.Csv).Rows.Count));
    }

    [Fact]
    public void APointTheSimulatorRefusesIsNamedByItsJsonPathBeforeAnythingRuns()
    {
        using var dir = new TempDir();
        var json = SweepFixtures.Json.Replace("\"policy\": \"lru\"", "\"policy\": \"lfu\"");
        var e = Assert.Throws<DataFormatException>(() => Run(dir.File("out"), dir, 1, json: json));
        Assert.EndsWith(".json", e.Path); // the experiments file, then the JSON path
        Assert.StartsWith("experiments[0].sweep.caches[1] (lfu(capacity=10)): unknown policy 'lfu'", e.Detail);
        Assert.False(File.Exists(dir.File("out/results.db")));
    }

    [Fact]
    public void AFailingRunStopsTheSweepKeepsWhatFinishedAndExportsIt()
    {
        using var dir = new TempDir();
        var failing = new FailingRunner(failAt: "sim-lru(capacity=100,threshold=0.2)");
        var e = Assert.Throws<InvalidOperationException>(() => Run(dir.File("out"), dir, 1, failing));
        Assert.Contains("simulated failure", e.Message);
        var rows = CsvTable.Read(dir.File("out/results.csv")).Rows;
        Assert.Equal(8, rows.Count); // the 4 points × 2 seeds of capacity 10 that ran before it, in plan order
        Assert.Equal(30 - 8, Run(dir.File("out"), dir, 2).Ran);
    }

    private sealed class FailingRunner(string failAt) : ISweepPointRunner
    {
        private readonly FormulaPointRunner _inner = new();

        public string Name => "failing test runner";

        public void Check(SweepPoint point) => _inner.Check(point);

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel) =>
            point.Cache == failAt ? throw new InvalidOperationException("simulated failure") : _inner.Run(inputs, point, seed, cancel);
    }
}
