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
        Assert.Contains(log, l => l.StartsWith("[3/7] train: done in", StringComparison.Ordinal) && l.Contains(" s, peak memory ", StringComparison.Ordinal));
        // Each stage that ran has its own peak (reset when it started): at least the model and data training held.
        var trained = first.Stages.Single(s => s.Stage == "train");
        Assert.InRange(trained.PeakBytes, 20_000_000, 20_000_000_000);
        var root = Path.Combine(dir.Path, "out", "t");
        var before = TempDir.Snapshot(root);
        var times = Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = ExperimentRunner.Run(Spec(dir, """{ "epochs": 1, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }"""), settings, ExperimentServices.Available);
        Assert.Equal(["cached", "cached", "cached"], new[] { "synth", "prepare", "train" }.Select(s => Statuses(second)[s]));
        Assert.All(second.Stages.Where(s => s.Status == StageStatus.Cached), s => Assert.Equal(0, s.PeakBytes)); // nothing ran, nothing measured
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
    public void AStoppedTrainingContinuesFromItsLastCompletedEpochAndEndsAsAnUninterruptedOneDoes()
    {
        using var dir = new TempDir();
        const string training = """{ "epochs": 3, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }""";
        var whole = ExperimentRunner.Run(Spec(dir, training), new RunSettings(dir.File("whole"), "simcache run e.json"), ExperimentServices.Available);

        // Ctrl+C once epoch 2 is done: epoch 3 stops at its next batch.
        var settings = new RunSettings(dir.File("out"), "simcache run e.json");
        using var stop = new CancellationTokenSource();
        var log = new List<string>();
        Assert.ThrowsAny<OperationCanceledException>(() => ExperimentRunner.Run(Spec(dir, training), settings, ExperimentServices.Available,
            log: l => { log.Add(l); if (l.StartsWith("epoch 2:", StringComparison.Ordinal)) stop.Cancel(); }, cancel: stop.Token));
        var root = Path.Combine(dir.Path, "out", "t");
        var kept = Assert.Single(Directory.GetDirectories(root, ".run.partial-*"));
        Assert.True(File.Exists(Path.Combine(kept, "resume.bin")));
        Assert.False(Directory.Exists(Path.Combine(root, "run")));
        Assert.Contains(log, l => l == $"train: stopped; the work so far is kept in {kept}, and the same command continues it");

        log.Clear();
        var resumed = ExperimentRunner.Run(Spec(dir, training), settings, ExperimentServices.Available, log: log.Add);
        Assert.Equal(["cached", "cached", "ran"], new[] { "synth", "prepare", "train" }.Select(s => Statuses(resumed)[s]));
        Assert.Contains(log, l => l == $"train: continuing the interrupted build kept in {kept}");
        Assert.Contains(log, l => l.StartsWith("resuming after epoch 2 of 3", StringComparison.Ordinal));
        Assert.Equal(["epoch 3"], log.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')])); // only epoch 3 trained now
        Assert.Empty(Directory.GetDirectories(root, ".run.partial-*"));
        foreach (var file in new[] { "model.bin", "embeddings.arrow", "decoder.arrow" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "whole", "t", "run", file)), File.ReadAllBytes(Path.Combine(root, "run", file)));
        Assert.Equal(whole.Metrics!.Epochs.Select(e => e.ValidationNdcg100), resumed.Metrics!.Epochs.Select(e => e.ValidationNdcg100));
        Assert.Equal(whole.Metrics.Test["ndcg@100"], resumed.Metrics.Test["ndcg@100"]);
        Assert.Equal(3, whole.Metrics.Epochs.Count);
    }

    [Fact]
    public void StagesWithoutTheirSectionsAreSkippedSayingSoAndTheReportIsWritten()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, """{ "model": "popularity" }""", """, "sweep": { "caches": [ { "policy": "lru", "capacity": 10 } ] }""");
        var log = new List<string>();
        var r = ExperimentRunner.Run(spec, new RunSettings(dir.File("out"), "simcache run e.json"), ExperimentServices.Available, log: log.Add);
        var skipped = r.Stages.Where(s => s.Status == StageStatus.Skipped).ToDictionary(s => s.Stage, s => s.Detail);
        Assert.Equal("the experiment has no trace section", skipped["trace"]);
        Assert.Equal("the experiment has no geometry section", skipped["geometry"]);
        const string noTrace = "there is no trace to replay (add a trace section, or run simcache sweep --trace FILE)";
        Assert.Equal(noTrace, skipped["sweep"]);
        Assert.Contains(log, l => l == "[6/7] sweep: skipped — " + noTrace);
        Assert.Null(r.Sweep);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", ResultsStore.FileName))); // no invented results
        Assert.Equal(Path.Combine(dir.Path, "out", "index.html"), r.Report);
        var html = File.ReadAllText(r.Report);
        Assert.Contains("No sweep results for this experiment yet.", html);
        Assert.Contains("popularity", html);
    }

    [Fact]
    public void EveryStageRunsForRealAndTheSweepCountsWhatANaiveLruCounts()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, """{ "epochs": 1, "hidden": 8, "latent": 4, "batch": 100, "threads": 1, "seed": 2 }""", """
            , "trace": { "min_ratings": 6, "warmup": 0.5, "every": 2, "answers": 10, "future": 5 },
              "geometry": { "gmm_max": 2, "gmm_init": 1, "knn": 5 },
              "sweep": { "caches": [ { "policy": "lru", "capacity": [5, 20] },
                                     { "policy": "sim-lru", "capacity": 20, "threshold": 0.5 },
                                     { "policy": "gmm-placement", "capacity": 10, "threshold": 1, "share": 0.5 } ], "seeds": [1] }
            """);
        var log = new List<string>();
        var settings = new RunSettings(dir.File("out"), "simcache run e.json", 2);
        var r = ExperimentRunner.Run(spec, settings, ExperimentServices.Available, log: log.Add);
        Assert.All(new[] { "trace", "geometry", "sweep", "report" }, s => Assert.Equal("ran", Statuses(r)[s]));
        var root = Path.Combine(dir.Path, "out", "t");
        var trace = Path.Combine(root, "trace", ExperimentRunner.TraceFile);
        Assert.True(File.Exists(Path.Combine(root, "geometry", "gmm.json")));
        Assert.Contains(log, l => l.StartsWith("trace: ", StringComparison.Ordinal) && l.Contains(" requests from "));

        // The trace's users, in order, and what an LRU over user ids of K entries misses (plain list, linear scans).
        var users = new List<int>();
        using (var reader = SimCache.Data.Arrow.TraceFileReader.Open(trace))
            foreach (var batch in reader.ReadBatches())
                foreach (var u in batch.Users) users.Add(u);
        static int NaiveLruMisses(List<int> requests, int k)
        {
            var list = new List<int>();
            int misses = 0;
            foreach (var u in requests)
            {
                if (list.Remove(u)) { list.Insert(0, u); continue; }
                misses++;
                list.Insert(0, u);
                if (list.Count > k) list.RemoveAt(list.Count - 1);
            }
            return misses;
        }

        // The trace stage's statistics beside the trace: an LRU of user keys (lru) hits what the stack distances say.
        var stats = SimCache.Simulation.TraceAnalysis.TraceStatsFile.TryLoad(Path.Combine(root, "trace", "trace-stats.json"), trace);
        Assert.NotNull(stats);
        Assert.Equal(users.Count, (long)stats["requests"]!);
        Assert.Equal(Enumerable.Range(1, users.Count - 1).Count(i => users[i] == users[i - 1]), (long)stats["same_user_consecutive"]!["requests"]!);
        foreach (var point in stats["reuse"]!["exact_user_lru"]!.AsArray())
        {
            int c = (int)point!["capacity"]!;
            Assert.Equal(1 - NaiveLruMisses(users, c) / (double)users.Count, (double)point["hit_ratio"]!, 6);
        }
        Assert.Contains("<div class=\"part\" id=\"experiment-t-trace\">", File.ReadAllText(r.Report));

        using var store = ResultsStore.Open(Path.Combine(dir.Path, "out"));
        var rows = store.Rows("t");
        Assert.Equal(4, rows.Count);
        foreach (var k in new[] { 5, 20 })
        {
            var row = Assert.Single(rows, x => x.Cache == $"lru(capacity={k})");
            Assert.Equal(users.Count, row.Metric("requests"));
            Assert.Equal(NaiveLruMisses(users, k), row.Metric("misses"));
        }
        var gmm = Assert.Single(rows, x => x.Policy == "gmm-placement");
        Assert.Equal(users.Count, gmm.Metric("exact_hits") + gmm.Metric("approximate_hits") + gmm.Metric("misses"));
        Assert.Contains("lru", File.ReadAllText(r.Report));

        // A trace stage cached before trace-stats.json existed (its manifest lists only trace.arrow) is reused as it
        // is, not redone, and the report measures the trace itself into its own folder.
        var manifestPath = Path.Combine(root, "trace", "stage.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.True(manifest["outputs"]!.AsObject().Remove("trace-stats.json"));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        File.Delete(Path.Combine(root, "trace", "trace-stats.json"));
        var again = ExperimentRunner.Run(spec, settings, ExperimentServices.Available);
        Assert.Equal("cached", Statuses(again)["trace"]);
        Assert.False(File.Exists(Path.Combine(root, "trace", "trace-stats.json")));
        var page = File.ReadAllText(again.Report);
        Assert.Contains("<div class=\"part\" id=\"experiment-t-trace\">", page);
        Assert.Contains("so the report measured it", page);
        Assert.Equal((long)stats["requests"]!, (long)SimCache.Simulation.TraceAnalysis.TraceStatsFile.TryLoad(Path.Combine(root, "figures", "trace-stats.json"), trace)!["requests"]!);
    }

    [Fact]
    public void AnUnknownPolicyFailsBeforeAnyStageRuns()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, """{ "model": "popularity" }""", """, "sweep": { "caches": [ { "policy": "lru", "capacity": 10 }, { "policy": "sim-lfu", "capacity": 10 } ] }""");
        var services = new ExperimentServices(new FormulaPointRunner());
        var e = Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ExperimentRunner.Run(spec, new RunSettings(dir.File("out"), "c"), services));
        Assert.Equal(dir.File("e.json"), e.Path);
        Assert.Contains("experiments[0].sweep.caches[1] (sim-lfu(capacity=10)): unknown policy 'sim-lfu'", e.Message);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
