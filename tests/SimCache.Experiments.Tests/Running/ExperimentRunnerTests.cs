using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Running;
using SimCache.Experiments.Tests.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Running;

public class ExperimentRunnerTests
{
    private static ExperimentSpec Spec(TempDir dir, string training, string extra = "")
    {
        var path = dir.File("e.json", $$"""
            { "experiments": [ { "name": "t", "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3, "seed": 5 }, "protocol": { "heldout": 40 } },
                                 "training": {{training}} {{extra}} } ] }
            """);
        return ExperimentFile.Load(path).Select(null);
    }

    private static Dictionary<string, string> Statuses(ExperimentResult r) => r.Stages.ToDictionary(s => s.Stage, s => s.Status);

    [Fact]
    public void ARerunDoesNothingAndAChangedTrainingParameterRedoesTrainingOnly()
    {
        using var dir = new TempDir();
        var settings = new RunSettings(dir.File("out"), "simcache run e.json");
        var log = new List<string>();
        var first = ExperimentRunner.Run(Spec(dir, """{ "epochs": 1, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }"""), settings, ExperimentServices.Available, log: log.Add);
        Assert.Equal("ran", Statuses(first)["synth"]);
        Assert.Equal("ran", Statuses(first)["prepare"]);
        Assert.Equal("ran", Statuses(first)["train"]);
        Assert.Contains(log, l => l.StartsWith("[3/7] train: done in", StringComparison.Ordinal));
        var root = Path.Combine(dir.Path, "out", "t");
        var before = TempDir.Snapshot(root);
        var times = Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = ExperimentRunner.Run(Spec(dir, """{ "epochs": 1, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }"""), settings, ExperimentServices.Available);
        Assert.Equal(["cached", "cached", "cached"], new[] { "synth", "prepare", "train" }.Select(s => Statuses(second)[s]));
        foreach (var (file, time) in times.Where(t => !t.Key.EndsWith(ExperimentState.FileName, StringComparison.Ordinal)))
            Assert.Equal(time, File.GetLastWriteTimeUtc(file)); // nothing was rewritten
        Assert.Equal(before.Where(f => f.Key != ExperimentState.FileName), TempDir.Snapshot(root).Where(f => f.Key != ExperimentState.FileName));
        Assert.Equal(first.Metrics!.Test["ndcg@100"], second.Metrics!.Test["ndcg@100"]);

        var third = ExperimentRunner.Run(Spec(dir, """{ "epochs": 2, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }"""), settings, ExperimentServices.Available);
        Assert.Equal(["cached", "cached", "ran"], new[] { "synth", "prepare", "train" }.Select(s => Statuses(third)[s]));
        Assert.Equal(2, third.Metrics!.Epochs.Count);
        foreach (var sub in new[] { "synth", "dataset" })
            foreach (var (file, time) in times.Where(t => t.Key.StartsWith(Path.Combine(root, sub) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                Assert.Equal(time, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public void StagesThisBuildLacksAreSkippedSayingSoAndTheReportIsWritten()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, """{ "model": "popularity" }""", """, "trace": {}, "geometry": {}, "sweep": { "caches": [ { "policy": "lru", "capacity": 10 } ] }""");
        var log = new List<string>();
        var r = ExperimentRunner.Run(spec, new RunSettings(dir.File("out"), "simcache run e.json"), ExperimentServices.Available, log: log.Add);
        var skipped = r.Stages.Where(s => s.Status == StageStatus.Skipped).ToDictionary(s => s.Stage, s => s.Detail);
        Assert.Equal(ExperimentServices.TraceMissing, skipped["trace"]);
        Assert.Equal(ExperimentServices.GeometryMissing, skipped["geometry"]);
        Assert.Equal(ExperimentServices.SimulatorMissing, skipped["sweep"]);
        Assert.Contains(log, l => l == "[6/7] sweep: skipped — " + ExperimentServices.SimulatorMissing);
        Assert.Null(r.Sweep);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", ResultsStore.FileName))); // no invented results
        Assert.Equal(Path.Combine(dir.Path, "out", "index.html"), r.Report);
        var html = File.ReadAllText(r.Report);
        Assert.Contains("No sweep results for this experiment yet.", html);
        Assert.Contains("popularity", html);
    }

    [Fact]
    public void AnUnknownPolicyFailsBeforeAnyStageRuns()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, """{ "model": "popularity" }""", """, "sweep": { "caches": [ { "policy": "lru", "capacity": 10 }, { "policy": "sim-lfu", "capacity": 10 } ] }""");
        var services = new ExperimentServices(null, null, new FormulaPointRunner());
        var e = Assert.Throws<SimCache.Data.IO.UsageException>(() => ExperimentRunner.Run(spec, new RunSettings(dir.File("out"), "c"), services));
        Assert.Contains("experiments[0].sweep.caches[1] (sim-lfu(capacity=10)): unknown policy 'sim-lfu'", e.Message);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
