using SimCache.Cli.Tests.Inputs;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// An output the file system refuses is an environment failure: exit code 1 in every command, with a one-line
/// message naming the path, never exit 2 (bad input) and never a stack trace. Tests run as root, whom file modes
/// do not stop, so the refused output lies under /sys, which refuses new entries to everyone.
/// </summary>
public class EnvironmentFailureTests
{
    private static string Unwritable() => "/sys/simcache-test-" + Guid.NewGuid().ToString("N")[..8];

    private static void AssertEnvironmentFailure(CliHarness.Result r, string path)
    {
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(path, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("unexpected", r.Err);
        Assert.False(Path.Exists(path));
    }

    [Fact]
    public void PrepareIntoAnUnwritableFolderIsExit1()
    {
        using var dir = new TempDir();
        var lines = Enumerable.Range(0, 12).SelectMany(u => Enumerable.Range(0, 6).Select(i => $"{u + 1},{i + 1},4.0,{100 + i}"));
        var input = dir.File("ratings.csv", "userId,movieId,rating,timestamp\n" + string.Join('\n', lines) + "\n");
        var output = Unwritable();
        AssertEnvironmentFailure(CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", input, "--out", output, "--heldout", "2"), output);
    }

    [Fact]
    public void GeometryIntoAnUnwritableFolderIsExit1()
    {
        using var dir = new TempDir();
        var input = dir.File("embeddings.arrow");
        var rnd = new Random(3);
        using (var w = new EmbeddingFileWriter(input, 3, SimCacheArrow.DistanceL2, Provenance.For("test", 1)))
        {
            for (int i = 0; i < 60; i++) w.Append(i, "u" + i, [(float)rnd.NextDouble(), (float)rnd.NextDouble(), (float)rnd.NextDouble()]);
            w.Complete();
        }
        var output = Unwritable();
        AssertEnvironmentFailure(CliHarness.Run("geometry", "--embeddings", input, "--out", output, "--gmm-max", "2", "--gmm-init", "1",
            "--knn", "4", "--tsne", "50"), output);
    }

    [Fact]
    public void SimulateIntoAnUnwritableFolderIsExit1()
    {
        using var dir = new TempDir();
        var trace = dir.File("t.arrow");
        TraceFiles.Write(trace, 20);
        var output = Unwritable();
        AssertEnvironmentFailure(CliHarness.Run("simulate", "--trace", trace, "--cache", "lru(capacity=4)", "--out", output), output);
    }

    [Fact]
    public void SynthIntoAnUnwritableFolderIsExit1()
    {
        var output = Unwritable();
        AssertEnvironmentFailure(CliHarness.Run("data", "synth", "--out", output, "--users", "60", "--items", "400", "--clusters", "2"), output);
    }
}
