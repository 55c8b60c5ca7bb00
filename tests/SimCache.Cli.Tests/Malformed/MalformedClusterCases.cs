using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// Sharded sweeps and Slurm: <c>--shard</c> of sweep and run, every option of <c>simcache slurm</c>, and the
/// shard databases <c>results merge</c> refuses (other inputs, another code version, none at all). Each is
/// refused before a script, a shard folder or a results row is written.
/// </summary>
public static class MalformedClusterCases
{
    public const string Family = "cluster";

    private static string Simcache => typeof(CliApp).Assembly.Location;

    public static string[] Slurm(CaseFolder c, params string[] more) =>
        ["slurm", MalformedExperimentCases.SweepFile(c), "--trace", MalformedInputs.GoldenTrace, "--out", c.Out, "--shards", "2", "--simcache", Simcache, .. more];

    private static MalformedCase Case(string name, Func<CaseFolder, string[]> args, params string[] names) =>
        new(Family, name, 2, c => new CaseRun(args(c), c.Out, names));

    /// <summary>A shard database with rows of the base sweep made on the given inputs by the given code.</summary>
    private static void ShardRows(CaseFolder c, string folder, int index, int count, string inputs, string code, int take = int.MaxValue)
    {
        var (name, points, seeds) = Load(c);
        var dir = Path.Combine(c.Out, folder);
        using var store = ResultsStore.Open(dir);
        foreach (var p in points.Take(take))
            foreach (var s in seeds)
                if (folder == "" || SweepShard.Of(p.Key, s, count) == index)
                    store.Add(new ResultRow(name, p.Key, s, p.Policy, p.Cache, p.Parameters, p.Simulator, new Dictionary<string, double> { ["hit_ratio"] = 0.5 }, inputs, code, 0.1), null);
    }

    private static (string Name, IReadOnlyList<SweepPoint> Points, IReadOnlyList<long> Seeds) Load(CaseFolder c)
    {
        var e = SimCache.Experiments.Config.ExperimentFile.Load(MalformedExperimentCases.SweepFile(c)).Select(null);
        return (e.Name, SweepPlan.Expand(e.Sweep!), e.Sweep!.Seeds);
    }

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        Case("SweepShardIsNotIOfN", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c), "--shard", "1-3"), "--shard", "1-3"),
        Case("SweepShardIndexIsTheCount", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c), "--shard", "3/3"), "--shard", "3/3"),
        Case("SweepShardOfZeroShards", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c), "--shard", "0/0"), "--shard"),
        Case("RunShardIsNotANumber", c => ["run", c.Write("experiments.json", MalformedExperimentCases.RunText(c)), "--out", c.Out, "--jobs", "1", "--shard", "a/b"], "--shard", "a/b"),
        Case("RunShardWithNoSweep", c => ["run", c.Write("experiments.json", MalformedExperimentCases.RunText(c)), "--out", c.Out, "--jobs", "1", "--shard", "0/2", "--no-sweep"], "--shard", "--no-sweep"),
        Case("SlurmShardsZero", c => Slurm(c) is var a ? [.. a[..^4], "--shards", "0", "--simcache", Simcache] : a, "--shards"),
        Case("SlurmShardsMoreThanPairs", c => [.. Slurm(c).Where((_, i) => i < 6), "--shards", "5", "--simcache", Simcache], "--shards 5", "4 point × seed pairs"),
        Case("SlurmCpusZero", c => Slurm(c, "--cpus", "0"), "--cpus"),
        Case("SlurmTimeIsNotASlurmTime", c => Slurm(c, "--time", "2h"), "--time", "2h"),
        Case("SlurmMemHasAWrongUnit", c => Slurm(c, "--mem", "4GB"), "--mem", "4GB"),
        Case("SlurmPartitionWithASemicolon", c => Slurm(c, "--partition", "short;rm"), "--partition"),
        Case("SlurmSbatchArgsNotAnOption", c => Slurm(c, "--sbatch-args", "account=lab"), "--sbatch-args", "account=lab"),
        Case("SlurmSbatchArgsSetsTheArray", c => Slurm(c, "--sbatch-args", "--array=0-9"), "--sbatch-args", "--array"),
        Case("SlurmSbatchArgsWithAShellExpansion", c => Slurm(c, "--sbatch-args", "--comment=$(id)"), "--sbatch-args"),
        Case("SlurmSimcacheMissing", c => [.. Slurm(c)[..^1], c.File("no-such-simcache")], "--simcache", "no-such-simcache"),
        Case("SlurmTraceMissing", c => ["slurm", MalformedExperimentCases.SweepFile(c), "--trace", c.File("no.arrow"), "--out", c.Out, "--shards", "2", "--simcache", Simcache], "--trace", "no.arrow"),
        Case("SlurmDecoderWithoutTrace", c => ["slurm", MalformedExperimentCases.SweepFile(c), "--decoder", MalformedInputs.GoldenDecoder, "--out", c.Out, "--shards", "2", "--simcache", Simcache], "--decoder", "--trace"),
        Case("SlurmSubmitAndPrint", c => Slurm(c, "--submit", "--print"), "--submit", "--print"),
        Case("SlurmExperimentWithoutATraceSection", c => ["slurm", MalformedExperimentCases.SweepFile(c), "--out", c.Out, "--shards", "2", "--simcache", Simcache], "experiments.json", "no trace section", "--trace"),
        Case("SlurmOutWithASpace", c => [.. Slurm(c).Select(a => a == c.Out ? c.File("my out") : a)], "--out"),
        Case("SlurmUnknownExperiment", c => Slurm(c, "--experiment", "nope"), "nope"),
        Case("SlurmStatusOfAMissingFolder", c => ["slurm", "status", c.File("no-such-out")], "no-such-out"),
        Case("MergeAFolderWithoutShards", c =>
        {
            Directory.CreateDirectory(c.Out);
            return ["results", "merge", c.Out];
        }, "no shard results", "sweep"),
        new(Family, "MergeShardsOnOtherInputsThanTheMergedRows", 2, c =>
        {
            ShardRows(c, "", 0, 1, "inputs-old", "v1", take: 1);
            ShardRows(c, Path.Combine("shards", "0-of-1"), 0, 1, "inputs-new", "v1");
            return new CaseRun(["results", "merge", c.Out], c.Out, [Path.Combine(c.Out, "results.db"), "other inputs", "--allow-other-inputs"]);
        }),
        new(Family, "MergeShardsOfAnotherCodeVersion", 2, c =>
        {
            ShardRows(c, Path.Combine("shards", "0-of-2"), 0, 2, "inputs", "v1");
            ShardRows(c, Path.Combine("shards", "1-of-2"), 1, 2, "inputs", "v2");
            return new CaseRun(["results", "merge", c.Out], c.Out, [Path.Combine("1-of-2", "results.db"), "code version", "--allow-other-code"]);
        }),
        new(Family, "MergeAShardThatIsNotAResultsDatabase", 2, c =>
        {
            var db = c.Write(Path.Combine("out", "shards", "0-of-1", "results.db"), "experiment,hit_ratio\nm,0.5\n");
            return new CaseRun(["results", "merge", c.Out], c.Out, [db]);
        }),
    ];
}
