using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

public class SynthAndRunCommandTests
{
    [Fact]
    public void SynthIsByteIdenticalForTheSameSeedAndThreadsDoNotMatter()
    {
        using var dir = new TempDir();
        var a = CliHarness.Run("data", "synth", "--users", "300", "--items", "200", "--clusters", "4", "--seed", "5", "--threads", "1", "--out", dir.File("a"));
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.Equal(0, CliHarness.Run("data", "synth", "--users", "300", "--items", "200", "--clusters", "4", "--seed", "5", "--threads", "2", "--out", dir.File("b")).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir.File("a/ratings.csv")), File.ReadAllBytes(dir.File("b/ratings.csv")));
        Assert.Equal(0, CliHarness.Run("data", "synth", "--users", "300", "--items", "200", "--clusters", "4", "--seed", "6", "--out", dir.File("c")).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(dir.File("a/ratings.csv")), File.ReadAllBytes(dir.File("c/ratings.csv")));
        var info = CliHarness.Run("data", "info", dir.File("a"));
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("300 (ratings per user", info.Out);
    }

    [Theory]
    [InlineData("--users", "0")]
    [InlineData("--clusters", "-3")]
    [InlineData("--preset", "huge")]
    public void InvalidSynthOptionsAreExitCode2AndWriteNothing(string option, string value)
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("data", "synth", option, value, "--out", dir.File("s"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
        Assert.False(Directory.Exists(dir.File("s")));
    }

    [Fact]
    public void SynthRefusesAFolderWithOtherFiles()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("s"));
        File.WriteAllText(dir.File("s/keep.txt"), "x");
        var r = CliHarness.Run("data", "synth", "--users", "50", "--out", dir.File("s"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("x", File.ReadAllText(dir.File("s/keep.txt")));
    }

    [Fact]
    public void RunDoesSynthPrepareAndInfoEndToEnd()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", """
            { "experiments": [ { "name": "tiny", "data": { "synthetic": { "preset": "small", "users": 400, "items": 300, "seed": 3 } } } ] }
            """);
        var r = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "tiny", "synth", "ratings.csv")));
        using var reader = InteractionFileReader.Open(Path.Combine(dir.Path, "runs", "tiny", "dataset", "train.arrow"));
        Assert.True(reader.TotalRows > 1_000);
        Assert.Contains("Counts after each stage", r.Out);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "runs", "tiny", "dataset", "dataset.json")));
        var counts = json.RootElement.GetProperty("counts");
        int users = counts.GetProperty("users").GetInt32();
        int heldout = counts.GetProperty("validation_users").GetInt32();
        Assert.Equal(users / 6, heldout); // the default held-out rule, min(10,000, users/6)
        Assert.Equal(users, counts.GetProperty("train_users").GetInt32() + 2 * heldout);
        Assert.Contains($"{users:N0} ({users - 2 * heldout:N0} train, {heldout:N0} validation, {heldout:N0} test)", r.Out);
        // Progress: one line as each stage starts and one as it ends; at the end, the report page.
        Assert.Contains("[1/7] synth: done in", r.Err);
        Assert.Contains("[2/7] prepare: done in", r.Err);
        Assert.Contains("[3/7] train: skipped — the experiment has no training section", r.Err);
        var index = Path.Combine(dir.Path, "runs", "index.html");
        Assert.EndsWith($"Report: {index}\n", r.Out.Replace("\r\n", "\n"));
        Assert.Contains("<h2>tiny</h2>", File.ReadAllText(index));
        // A second run of the same experiment reuses its stages: nothing is rewritten, the bytes are the same.
        var before = TempDir.Snapshot(Path.Combine(dir.Path, "runs", "tiny", "dataset"));
        var again = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("[1/7] synth: unchanged, reused", again.Err);
        Assert.Contains("[2/7] prepare: unchanged, reused", again.Err);
        Assert.Equal(before, TempDir.Snapshot(Path.Combine(dir.Path, "runs", "tiny", "dataset")));
        // A changed protocol redoes the split but not the synthetic log.
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"seed\": 3 } }", "\"seed\": 3 }, \"protocol\": { \"heldout\": 30 } }"));
        var changed = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("[1/7] synth: unchanged, reused", changed.Err);
        Assert.Contains("[2/7] prepare: done in", changed.Err);
        Assert.Contains("30 validation", changed.Out);
    }

    [Fact]
    public void RunTrainsWhenTheExperimentHasATrainingSection()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", """
            { "experiments": [ { "name": "t", "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3, "seed": 5 }, "protocol": { "heldout": 40 } },
                                 "training": { "epochs": 2, "hidden": 16, "latent": 4, "batch": 100, "threads": 1, "seed": 2 } } ] }
            """);
        var r = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("recvae: best epoch", r.Out);
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "t", "run", "metrics.json")));
        using var embeddings = EmbeddingFileReader.Open(Path.Combine(dir.Path, "runs", "t", "run", "embeddings.arrow"), expectedDimension: 4);
        Assert.True(embeddings.TotalRows > 200);
    }

    [Fact]
    public void TheRepositorysExperimentFilesAreValid()
    {
        var root = Path.GetDirectoryName(RepoFiles.MlLatestSmall)!; // data/
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Simulator.sln"))) repo = repo.Parent;
        Assert.NotNull(repo);
        foreach (var f in Directory.GetFiles(Path.Combine(repo.FullName, "experiments"), "*.json").Append(Path.Combine(repo.FullName, "experiments.json")))
            Assert.NotEmpty(SimCache.Experiments.Config.ExperimentFile.Load(f).Experiments);
        Assert.True(Directory.Exists(root));
    }

    [Fact]
    public void BadSweepSectionsAndJobsAreExitCode2()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", """
            { "experiments": [ { "name": "x", "data": { "synthetic": {} },
              "sweep": { "caches": [ { "policy": "lru", "capacity": 10 }, { "policy": "sim-lru", "capacity": 10, "threshold": [] } ] } } ] }
            """);
        var r = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("experiments[0].sweep.caches[1].threshold: expected a non-empty list", r.Err);
        var ok = dir.File("ok.json", """{ "experiments": [ { "name": "x", "data": { "synthetic": { "users": 50 } } } ] }""");
        r = CliHarness.Run("run", ok, "--jobs", "0", "--out", dir.File("runs"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--jobs must be ≥ 1", r.Err);
        Assert.False(Directory.Exists(dir.File("runs")));
    }

    [Fact]
    public void ABadExperimentFileIsExitCode2NamingTheJsonPath()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", """{ "experiments": [ { "name": "x", "data": { "synthetic": { "preset": "medium" } } } ] }""");
        var r = CliHarness.Run("run", file, "--out", dir.File("runs"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("experiments[0].data.synthetic.preset: unknown preset 'medium'", r.Err);
        Assert.False(Directory.Exists(dir.File("runs")));
        Assert.Equal(2, CliHarness.Run("run", dir.File("missing.json")).ExitCode);
    }
}
