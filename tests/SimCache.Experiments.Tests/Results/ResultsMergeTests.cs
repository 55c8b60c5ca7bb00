using SimCache.Data.IO;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Results;

public class ResultsMergeTests
{
    private static SweepOutcome Sweep(TempDir dir, string outDir, SweepShard? shard, string json = SweepFixtures.Json, SweepInputs? inputs = null, string code = "v1", int take = int.MaxValue)
    {
        var (name, points, seeds) = SweepFixtures.Load(dir, json);
        return SweepEngine.Run(new SweepRequest(name, points.Take(take).ToList(), seeds, inputs ?? SweepFixtures.Inputs, outDir, 2, code) { Shard = shard }, new FormulaPointRunner());
    }

    /// <summary>The CSV without the wall time, the one column that differs between runs.</summary>
    private static List<string> WithoutWallTime(string csv)
    {
        var t = CsvTable.Read(csv);
        var columns = t.Header.Where(h => h != "wall_seconds").ToList();
        return [string.Join(",", columns), .. t.Rows.Select(r => string.Join(",", columns.Select(c => r[c])))];
    }

    private static void AllShards(TempDir dir, string outDir, int n, string json = SweepFixtures.Json)
    {
        for (int i = 0; i < n; i++) Sweep(dir, outDir, new SweepShard(i, n), json);
    }

    /// <summary>Runs <paramref name="after"/> points, then stops the sweep as Ctrl+C or scancel would.</summary>
    private sealed class StoppingRunner(int after, CancellationTokenSource stop) : ISweepPointRunner
    {
        private readonly FormulaPointRunner _inner = new();
        private int _runs;

        public string Name => "stopping test runner";

        public void Check(SweepPoint point) => _inner.Check(point);

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            if (++_runs > after)
            {
                stop.Cancel();
                cancel.ThrowIfCancellationRequested();
            }
            return _inner.Run(inputs, point, seed, cancel);
        }
    }

    [Fact]
    public void ShardedThreeWaysAndMergedEqualsTheUnshardedRun()
    {
        using var dir = new TempDir();
        var whole = Sweep(dir, dir.File("whole"), null);
        AllShards(dir, dir.File("sharded"), 3);
        var merged = ResultsMerge.Merge(dir.File("sharded"), false, false);
        Assert.Equal((30, 30), (merged.Added, merged.TotalRows));
        Assert.Equal(30, merged.Shards.Sum(s => s.Rows));
        Assert.Equal(WithoutWallTime(whole.Csv), WithoutWallTime(merged.Csv));
        using var a = ResultsStore.Open(dir.File("whole"));
        using var b = ResultsStore.Open(dir.File("sharded"));
        foreach (var r in a.Rows())
            Assert.Equal(a.Series(r.Experiment, r.PointKey, r.Seed)!.Column("hit_ratio"), b.Series(r.Experiment, r.PointKey, r.Seed)!.Column("hit_ratio"));
    }

    [Fact]
    public void WarningsAreKeptWithTheirRowsInOrderAndMergeFromShardsLikeTheRows()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir);
        var runner = new WarningPointRunner((p, seed) => p.Parameter("capacity")!.Number == 10 ? [$"second {p.Key} {seed}", $"first {p.Key} {seed}"] : []);
        SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, dir.File("whole"), 2, "v1"), runner);
        for (int i = 0; i < 3; i++)
            SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, dir.File("sharded"), 2, "v1") { Shard = new SweepShard(i, 3) }, runner);
        ResultsMerge.Merge(dir.File("sharded"), false, false);
        using var whole = ResultsStore.Open(dir.File("whole"));
        using var merged = ResultsStore.Open(dir.File("sharded"));
        var expected = whole.Rows();
        Assert.Contains(expected, r => r.Warnings.Count == 0);
        foreach (var r in expected)
        {
            List<string> raised = r.Parameter("capacity")!.Number == 10 ? [$"second {r.PointKey} {r.Seed}", $"first {r.PointKey} {r.Seed}"] : [];
            Assert.Equal(raised, r.Warnings);
        }
        Assert.Equal(expected.Select(r => (r.PointKey, r.Seed, string.Join("|", r.Warnings))), merged.Rows().Select(r => (r.PointKey, r.Seed, string.Join("|", r.Warnings))));
    }

    [Fact]
    public void AMetricUndefinedInEveryRowOfAShardStaysAColumn()
    {
        // lru rows have no distance (NaN): merged, the column must still be there, as in the unsharded file.
        using var dir = new TempDir();
        var json = SweepFixtures.Json.Replace("""{ "policy": "sim-lru", "capacity": { "from": 10, "to": 1000, "steps": 3, "scale": "log" }, "threshold": { "from": 0.2, "to": 2, "steps": 4 } },""", "");
        var whole = Sweep(dir, dir.File("whole"), null, json);
        AllShards(dir, dir.File("sharded"), 2, json);
        var merged = ResultsMerge.Merge(dir.File("sharded"), false, false);
        Assert.Contains("distance_mean", CsvTable.Read(merged.Csv).Header);
        Assert.Equal(WithoutWallTime(whole.Csv), WithoutWallTime(merged.Csv));
    }

    [Fact]
    public void MergingTwiceGivesTheSameFile()
    {
        using var dir = new TempDir();
        AllShards(dir, dir.File("out"), 3);
        var once = ResultsMerge.Merge(dir.File("out"), false, false);
        var text = File.ReadAllText(once.Csv);
        var twice = ResultsMerge.Merge(dir.File("out"), false, false);
        Assert.Equal((0, 30), (twice.Added, twice.TotalRows));
        Assert.Equal(text, File.ReadAllText(twice.Csv)); // wall times included: the same rows
    }

    [Fact]
    public void MergingWhileAShardIsIncompleteThenAgainEqualsOneMergeAtTheEnd()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Sweep(dir, outDir, new SweepShard(0, 3));
        Sweep(dir, outDir, new SweepShard(1, 3));
        // Shard 2 stopped part way (a cancelled or failed task): only some of its pairs are done.
        var (name, points, seeds) = SweepFixtures.Load(dir);
        using (var stop = new CancellationTokenSource())
        {
            var stopping = new StoppingRunner(after: 3, stop);
            Assert.ThrowsAny<OperationCanceledException>(() => SweepEngine.Run(
                new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 1, "v1") { Shard = new SweepShard(2, 3) }, stopping, cancel: stop.Token));
        }
        var early = ResultsMerge.Merge(outDir, false, false);
        Assert.True(early.TotalRows < 30);
        var missing = ShardStatus.Read(outDir, dir.File("no-plan")).Single(s => s.Shard.Index == 2);
        Assert.True(missing.Missing > 0);
        Sweep(dir, outDir, new SweepShard(2, 3)); // resumed
        var late = ResultsMerge.Merge(outDir, false, false);
        Assert.Equal((30, 30 - early.TotalRows), (late.TotalRows, late.Added));
        Assert.All(ShardStatus.Read(outDir, dir.File("no-plan")), s => Assert.Equal(0, s.Missing));

        // The same shard databases merged once, at the end, in a fresh folder: the same file, byte for byte.
        var fresh = dir.File("fresh");
        foreach (var f in Directory.GetFiles(outDir, "*", SearchOption.AllDirectories).Where(f => f.Contains("/shards/")))
        {
            var target = Path.Combine(fresh, Path.GetRelativePath(outDir, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        var once = ResultsMerge.Merge(fresh, false, false);
        Assert.Equal(File.ReadAllText(late.Csv), File.ReadAllText(once.Csv));
    }

    [Fact]
    public void RefusesShardsOnOtherInputsThanTheMergedRowsUnlessAllowed()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Sweep(dir, outDir, null, take: 2); // results.db: 4 rows on inputs-1
        var other = new SweepInputs("other.arrow", null, null, "inputs-2");
        for (int i = 0; i < 2; i++) Sweep(dir, outDir, new SweepShard(i, 2), inputs: other);
        var before = File.ReadAllBytes(Path.Combine(outDir, ResultsStore.FileName));
        var e = Assert.Throws<DataFormatException>(() => ResultsMerge.Merge(outDir, false, false));
        Assert.Equal(Path.Combine(outDir, ResultsStore.FileName), e.Path);
        Assert.Contains("--allow-other-inputs", e.Detail);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(outDir, ResultsStore.FileName))); // nothing written
        var merged = ResultsMerge.Merge(outDir, true, false);
        using var store = ResultsStore.Open(outDir);
        Assert.Equal(30, merged.TotalRows);
        Assert.Equal(["inputs-2"], store.Rows().Select(r => r.Inputs).Distinct().ToArray());
    }

    [Fact]
    public void RefusesShardsThatDisagreeOnTheirInputsAlways()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Sweep(dir, outDir, new SweepShard(0, 2));
        Sweep(dir, outDir, new SweepShard(1, 2), inputs: new SweepInputs("other.arrow", null, null, "inputs-2"));
        var e = Assert.Throws<DataFormatException>(() => ResultsMerge.Merge(outDir, true, true));
        Assert.Contains("shards", e.Detail);
        Assert.False(File.Exists(Path.Combine(outDir, ResultsStore.FileName)));
    }

    [Fact]
    public void RefusesRowsOfAnotherCodeVersionUnlessAllowed()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Sweep(dir, outDir, new SweepShard(0, 2), code: "v1");
        Sweep(dir, outDir, new SweepShard(1, 2), code: "v2");
        var e = Assert.Throws<DataFormatException>(() => ResultsMerge.Merge(outDir, false, false));
        Assert.Contains("--allow-other-code", e.Detail);
        Assert.EndsWith(Path.Combine("1-of-2", ResultsStore.FileName), e.Path);
        Assert.False(File.Exists(Path.Combine(outDir, ResultsStore.FileName)));
        Assert.Equal(30, ResultsMerge.Merge(outDir, false, true).TotalRows);
    }

    [Fact]
    public void RefusesAFolderWithoutShards()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("out"));
        var e = Assert.Throws<UsageException>(() => ResultsMerge.Merge(dir.File("out"), false, false));
        Assert.Contains("no shard results", e.Message);
    }

    [Fact]
    public void StatusCountsShardsThatNeverStartedFromThePlan()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir);
        var outDir = dir.File("out");
        var pairs = points.SelectMany(p => seeds.Select(s => new ShardPair(p.Key, s))).ToList();
        new ShardPlan { Experiment = name, Shards = 3, Pairs = pairs }.Save(dir.File("out/slurm"));
        Sweep(dir, outDir, new SweepShard(0, 3));
        var states = ShardStatus.Read(outDir, dir.File("out/slurm"));
        var sizes = Enumerable.Range(0, 3).Select(i => pairs.Count(p => SweepShard.Of(p.Point, p.Seed, 3) == i)).ToArray();
        Assert.Equal([(0, sizes[0], sizes[0], true), (1, sizes[1], 0, false), (2, sizes[2], 0, false)],
            states.Select(s => (s.Shard.Index, s.Pairs!.Value, s.Done, s.Started)).ToArray());
        Assert.Equal(sizes[1] + sizes[2], states.Sum(s => s.Missing));
        var timings = ShardStatus.Timings(outDir);
        Assert.Equal(sizes[0], timings.Sum(t => t.Pairs));
    }
}
