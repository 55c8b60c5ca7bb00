using SimCache.Experiments.Results;
using SimCache.Experiments.Running;
using Xunit;

namespace SimCache.Cli.Tests.Cluster;

/// <summary>
/// <c>run --shard</c> on a whole experiment: shards started together on an empty folder build the stages before the
/// sweep once (the others wait for the experiment folder's lock and then find them cached), run their own pairs,
/// and merge to the rows of a plain <c>run</c>. In the serial collection: training sets libtorch's thread count,
/// and the comparison needs the same embeddings in both folders.
/// </summary>
[Collection(SerialCollection.Name)]
public class ShardedRunTests
{
    private const string Experiments = """
        { "experiments": [ { "name": "e", "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3, "seed": 5 }, "protocol": { "heldout": 40 } },
            "training": { "epochs": 2, "hidden": 16, "latent": 4, "batch": 100, "threads": 1, "seed": 2 },
            "trace": { "min_ratings": 10, "warmup": 0.5, "every": 4, "answers": 10, "future": 10 },
            "sweep": { "caches": [ { "policy": "lru", "capacity": [10, 40] }, { "policy": "sim-lru", "capacity": 10, "threshold": [0.5, 1] } ], "seeds": [1, 2] } } ] }
        """;

    private static readonly string[] Timing = ["wall_seconds", "sim_seconds", "requests_per_second"];

    private static List<string> Comparable(string outDir)
    {
        using var store = ResultsStore.Open(outDir);
        return store.Rows().Select(r => $"{r.PointKey}|{r.Seed}|{r.Inputs}|" + string.Join(";", r.Metrics.Where(m => !Timing.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => m.Key + "=" + m.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).ToList();
    }

    [Fact]
    public async Task ShardsStartedTogetherBuildTheStagesOnceAndMergeToThePlainRunsRows()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Experiments);
        var plain = CliHarness.Run("run", file, "--out", dir.File("plain"), "--jobs", "1");
        Assert.True(plain.ExitCode == 0, plain.ToString());

        var outDir = dir.File("sharded");
        var shards = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => CliHarness.Run("run", file, "--out", outDir, "--jobs", "1", "--shard", $"{i}/2"))));
        foreach (var s in shards) Assert.True(s.ExitCode == 0, s.ToString());
        // One of them trained; the other found the stages cached.
        Assert.Single(shards, s => s.Err.Contains("[3/7] train: done in", StringComparison.Ordinal));
        Assert.Single(shards, s => s.Err.Contains("[3/7] train: unchanged, reused", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(outDir, "index.html"))); // the merge writes the report

        var merge = CliHarness.Run("results", "merge", outDir, "--require-complete");
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(Comparable(dir.File("plain")), Comparable(outDir));
        Assert.Equal(8, Comparable(outDir).Count);
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public void NoSweepRunsEveryStageButTheSweepAndTheMergeRecordsIt()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Experiments);
        var outDir = dir.File("out");
        var stages = CliHarness.Run("run", file, "--out", outDir, "--jobs", "1", "--no-sweep");
        Assert.True(stages.ExitCode == 0, stages.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "e", "trace", "trace.arrow")));
        Assert.False(File.Exists(Path.Combine(outDir, "results.db")));
        Assert.StartsWith("--no-sweep", ExperimentState.TryLoad(Path.Combine(outDir, "e"))!.Stages.Single(s => s.Stage == "sweep").Detail);

        var shard = CliHarness.Run("run", file, "--out", outDir, "--jobs", "1", "--shard", "0/1");
        Assert.True(shard.ExitCode == 0, shard.ToString());
        Assert.Contains("[3/7] train: unchanged, reused", shard.Err);
        Assert.Equal(0, CliHarness.Run("results", "merge", outDir).ExitCode);
        var sweep = ExperimentState.TryLoad(Path.Combine(outDir, "e"))!.Stages.Single(s => s.Stage == "sweep");
        Assert.Equal((StageStatus.Ran, "8 runs merged from 1 shard databases (simcache results merge)"), (sweep.Status, sweep.Detail));
    }
}
