using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Cli.Tests.Cluster;

public class SlurmCommandTests
{
    private const string Experiments = """
        { "experiments": [ { "name": "g", "data": { "synthetic": {} }, "sweep": {
            "caches": [ { "policy": "lru", "capacity": [10, 20, 40] }, { "policy": "sim-lru", "capacity": 10, "threshold": [0.5, 1] } ],
            "seeds": [1, 2] } } ] }
        """;

    [Fact]
    public void PrintWritesThePlanAndScriptsAndSubmitsNothing()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Experiments);
        var r = CliHarness.Run("slurm", file, "--trace", RepoFiles.GoldenTrace, "--out", dir.File("out"), "--shards", "4", "--simcache", typeof(CliApp).Assembly.Location, "--print");
        Assert.True(r.ExitCode == 0, r.ToString());
        var plan = ShardPlan.TryLoad(dir.File("out/slurm"))!;
        Assert.Equal((4, 10), (plan.Shards, plan.Pairs.Count));
        var sizes = Enumerable.Range(0, 4).Select(i => plan.Pairs.Count(p => SweepShard.Of(p.Point, p.Seed, 4) == i));
        Assert.Contains($"10 point × seed pairs in 4 shards (pairs per shard: {string.Join(", ", sizes)})", r.Out);
        Assert.Contains($"Submit with: bash {dir.File("out/slurm/submit.sh")}", r.Out);
        var sweep = File.ReadAllText(dir.File("out/slurm/sweep.sbatch"));
        Assert.Contains($"dotnet {typeof(CliApp).Assembly.Location} sweep {file} --experiment g --trace {RepoFiles.GoldenTrace} --out {dir.File("out")}", sweep);
        Assert.False(Directory.Exists(dir.File("out/shards"))); // nothing ran
    }

    [Fact]
    public void StatusShowsDoneAndMissingPairsPerShardAndHowToRerunThem()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Experiments);
        var outDir = dir.File("out");
        Assert.Equal(0, CliHarness.Run("slurm", file, "--trace", RepoFiles.GoldenTrace, "--out", outDir, "--shards", "2", "--simcache", typeof(CliApp).Assembly.Location).ExitCode);
        var shard = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", outDir, "--shard", "1/2", "--jobs", "1");
        Assert.True(shard.ExitCode == 0, shard.ToString());
        var plan = ShardPlan.TryLoad(dir.File("out/slurm"))!;
        int n0 = plan.Pairs.Count(p => SweepShard.Of(p.Point, p.Seed, 2) == 0), n1 = 10 - n0;
        var status = CliHarness.Run("slurm", "status", outDir);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"shard 0/2 (g): not started; 0 of {n0} pairs done, {n0} missing", status.Out);
        Assert.Contains($"shard 1/2 (g): {n1} of {n1} pairs done", status.Out);
        Assert.Contains($"Rerun the shards with missing pairs: sbatch --array=0 {dir.File("out/slurm/sweep.sbatch")}", status.Out);
        Assert.Matches($@"g  lru +\d+ pairs  median [0-9.e-]+ s per pair", status.Out);

        // The merge job's form: merges what there is, then fails naming the shard that lacks pairs.
        var merge = CliHarness.Run("results", "merge", outDir, "--require-complete");
        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("shards 0/2 still lack pairs", merge.Err);
        Assert.Contains($"{n1} rows in {dir.File("out/results.db")}", merge.Out);
    }
}
