namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// The uncorrupted input of each family through the same command its malformed cases use. If one of these fails,
/// the cases built on it test nothing, so they are kept beside the tables.
/// </summary>
public static class MalformedBaseRuns
{
    private static MalformedBaseRun Format(string format) => new("Prepare" + string.Concat(format.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])), c =>
    {
        var (file, lines, extra) = MalformedCsvCases.Base(format);
        return MalformedCsvCases.Prepare(c, format, c.Write(file, CaseFolder.Lines(lines)), extra);
    });

    public static IReadOnlyList<MalformedBaseRun> All { get; } =
    [
        Format("movielens-csv"), Format("movielens-100k"), Format("movielens-dat"), Format("netflix"), Format("msd"), Format("csv"),
        new("PrepareVaeCf", c => MalformedCsvCases.Prepare(c, "vae-cf", MalformedCsvCases.VaeCf(c))),
        new("SimulateGoldenTrace", c => c.Simulate(c.Golden("trace.arrow", _ => { }), "lru(capacity=10)")),
        new("SimulateKnnCacheWithGoldenDecoder", c => c.Simulate(MalformedInputs.GoldenTrace, "knn-cache(capacity=50)", "--decoder", c.Arrow(MalformedInputs.GoldenDecoder, "decoder.arrow", _ => { }))),
        new("SimulateGmmPlacementWithGmm", c => MalformedGmmCases.Simulate(c, c.Write("gmm.json", c.Inputs.GmmText))),
        new("SimulateKnnCacheOnTheRecVaeTrace", c => c.Simulate(c.Inputs.RecVaeTrace, "knn-cache(capacity=20)", "--decoder", Path.Combine(c.Inputs.RecVaeRun, "decoder.arrow"))),
        new("GeometryOfTheRunsEmbeddings", c => MalformedArrowCases.Geometry(c, c.Arrow(c.Inputs.Embeddings, "embeddings.arrow", _ => { }))),
        new("SweepOfTheBaseFile", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c))),
        new("SweepWithGmmPlacement", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c, MalformedExperimentCases.WithCache(MalformedExperimentCases.BaseSweepText,
            "{ \"policy\": \"gmm-placement\", \"capacity\": 50, \"threshold\": 4 }")), "--decoder", MalformedInputs.GoldenDecoder, "--gmm", c.Write("gmm.json", c.Inputs.GmmText))),
        new("SweepShardOfTheBaseFile", c => MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c), "--shard", "1/2")),
        new("SlurmPrintOfTheBaseFile", c => MalformedClusterCases.Slurm(c, "--cpus", "2", "--time", "1-00:30", "--mem", "4G", "--partition", "short", "--sbatch-args", "--account=lab --qos normal", "--print")),
        new("MergeOfTheBaseFilesShards", c =>
        {
            for (int i = 0; i < 2; i++)
                if (CliHarness.Run(MalformedExperimentCases.SweepArgs(c, MalformedExperimentCases.SweepFile(c), "--shard", $"{i}/2")) is { ExitCode: not 0 } r) throw new InvalidOperationException(r.ToString());
            return ["results", "merge", c.Out, "--require-complete"];
        }),
        new("RunOfTheBaseFile", c => ["run", c.Write("experiments.json", MalformedExperimentCases.RunText(c)), "--out", c.Out, "--jobs", "1"]),
        new("TrainIntoANewFolder", c => ["train", "--data", c.Inputs.Dataset, "--out", c.Out, "--model", "popularity"]),
        new("TraceIntoANewFile", c => ["trace", "--run", c.Inputs.RecVaeRun, "--data", c.Inputs.Dataset, "--out", c.File("t.arrow"), "--min-ratings", "10", "--threads", "1"]),
    ];
}
