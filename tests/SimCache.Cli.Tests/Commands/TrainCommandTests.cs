using System.Text.Json;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>Training end to end through the CLI on a tiny synthetic data set: the run folder holds what later stages read.</summary>
public class TrainCommandTests
{
    private static string TinyDataset(TempDir dir)
    {
        var synth = dir.File("synth");
        Assert.Equal(0, CliHarness.Run("data", "synth", "--users", "400", "--items", "150", "--clusters", "4", "--seed", "11", "--out", synth).ExitCode);
        var data = dir.File("data");
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", Path.Combine(synth, "ratings.csv"), "--out", data, "--heldout", "50");
        Assert.True(r.ExitCode == 0, r.ToString());
        return data;
    }

    [Fact]
    public void RecVaeRunWritesMetricsEmbeddingsForEveryUserAndTheDecoder()
    {
        using var dir = new TempDir();
        var data = TinyDataset(dir);
        var run = dir.File("run");
        var r = CliHarness.Run("train", "--data", data, "--out", run, "--epochs", "2", "--hidden", "32", "--latent", "8", "--batch", "64", "--threads", "1", "--seed", "3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("best epoch", r.Out);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("best_epoch").GetInt32(), 1, 2);
        Assert.Equal(2, root.GetProperty("epochs").GetArrayLength());
        foreach (var part in new[] { "validation", "test" })
            foreach (var key in new[] { "ndcg@100", "recall@20", "recall@50" })
                Assert.InRange(root.GetProperty(part).GetProperty(key).GetDouble(), 0.0, 1.0);
        var best = root.GetProperty("epochs")[root.GetProperty("best_epoch").GetInt32() - 1].GetProperty("validation_ndcg100").GetDouble();
        Assert.Equal(best, root.GetProperty("validation").GetProperty("ndcg@100").GetDouble(), 1e-9); // the kept model is the best epoch's

        using var dataset = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "dataset.json")));
        int users = dataset.RootElement.GetProperty("user_ids").GetArrayLength();
        int items = dataset.RootElement.GetProperty("item_ids").GetArrayLength();
        using (var embeddings = EmbeddingFileReader.Open(Path.Combine(run, "embeddings.arrow"), expectedDimension: 8))
        {
            Assert.Equal(users, embeddings.TotalRows);
            var first = embeddings.ReadNextBatch()!;
            Assert.Equal(dataset.RootElement.GetProperty("user_ids")[0].GetString(), first.UserId(0));
        }
        var decoder = DecoderFileReader.ReadAll(Path.Combine(run, "decoder.arrow"), expectedDimension: 8);
        Assert.Equal(items, decoder.Items);
        Assert.Equal(dataset.RootElement.GetProperty("item_ids")[items - 1].GetString(), decoder.ItemIds[items - 1]);
        Assert.True(File.Exists(Path.Combine(run, "model.bin")));
    }

    [Fact]
    public void PopularityRunsThroughTheSameEvaluation()
    {
        using var dir = new TempDir();
        var data = TinyDataset(dir);
        var run = dir.File("pop");
        var r = CliHarness.Run("train", "--data", data, "--out", run, "--model", "popularity");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.InRange(json.RootElement.GetProperty("test").GetProperty("ndcg@100").GetDouble(), 0.01, 1.0);
        Assert.False(File.Exists(Path.Combine(run, "embeddings.arrow")));
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--dropout", "1.5")]
    [InlineData("--device", "cuda")]
    [InlineData("--model", "svd")]
    public void BadTrainingOptionsAreExitCode2(string option, string value)
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("train", "--data", RepoFiles.VaeCfSplit, "--out", dir.File("r"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
    }

    [Fact]
    public void ResumeKeepsTheRunsOptionsAndNeedsAnInterruptedRun()
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("train", "--resume", dir.Path, "--epochs", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--epochs", r.Err);
        r = CliHarness.Run("train", "--resume", dir.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no resume.bin", r.Err);
        r = CliHarness.Run("train", "--out", dir.File("x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--data", r.Err);
    }

    [Fact]
    public void AnotherRunInOutIsRefusedAndForceReplacesItWhole()
    {
        using var dir = new TempDir();
        var data = TinyDataset(dir);
        var run = dir.File("run");
        Assert.Equal(0, CliHarness.Run("train", "--data", data, "--out", run, "--epochs", "1", "--hidden", "16", "--latent", "8", "--batch", "64").ExitCode);
        var before = TempDir.Snapshot(run);

        var r = CliHarness.Run("train", "--data", data, "--out", run, "--model", "popularity");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(run, r.Err);
        Assert.Contains("--force", r.Err);
        Assert.Equal(before, TempDir.Snapshot(run));

        r = CliHarness.Run("train", "--data", data, "--out", run, "--model", "popularity", "--force");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["metrics.json"], Directory.GetFileSystemEntries(run).Select(f => Path.GetFileName(f)!).ToArray());
        Assert.DoesNotContain("--force", File.ReadAllText(Path.Combine(run, "metrics.json"))); // the recorded command reproduces the run, not the replacement
    }

    [Fact]
    public void AbsurdModelSizesAreRefusedUpFrontWithTheMemoryNeededAndNoFolder()
    {
        using var dir = new TempDir();
        var data = TinyDataset(dir);
        foreach (var (option, value, model) in new[] { ("--hidden", "100000000", "recvae"), ("--latent", "2000000000", "recvae"), ("--hidden", "100000000", "multvae") })
        {
            var run = dir.File("r");
            var r = CliHarness.Run("train", "--data", data, "--out", run, "--model", model, option, value);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(option + " " + value, r.Err);
            Assert.Contains("needs about", r.Err);
            Assert.DoesNotContain("   at ", r.Err);
            Assert.False(Directory.Exists(run));
        }
    }

    [Fact]
    public void AFolderThatIsNotADataSetIsExitCode2()
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("train", "--data", dir.Path, "--out", dir.File("r"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a prepared data set", r.Err);
    }
}
