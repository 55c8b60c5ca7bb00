using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>trace --out</c>: a file that is not a trace is never overwritten; an existing trace only with --force, as train treats a run folder.</summary>
public sealed class TraceCommandTests(TrainedRuns runs) : IClassFixture<TrainedRuns>
{
    [Fact]
    public void AFileThatIsNotATraceIsNeverReplaced()
    {
        using var dir = new TempDir();
        var notes = dir.File("notes.arrow", "my notes");
        foreach (var force in new[] { false, true })
        {
            var r = CliHarness.Run(["trace", "--run", runs.RunA, "--out", notes, .. force ? new[] { "--force" } : []]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(notes, r.Err);
            Assert.Contains("is not a trace", r.Err);
            Assert.Equal("my notes", File.ReadAllText(notes));
        }
        var embeddings = Path.Combine(runs.RunA, "embeddings.arrow");
        var copy = dir.File("embeddings.arrow");
        File.Copy(embeddings, copy);
        Assert.Equal(2, CliHarness.Run("trace", "--run", runs.RunA, "--out", copy).ExitCode);
        Assert.Equal(File.ReadAllBytes(embeddings), File.ReadAllBytes(copy));
    }

    [Fact]
    public void AnExistingTraceIsReplacedOnlyWithForce()
    {
        using var dir = new TempDir();
        var trace = dir.File("t.arrow");
        File.Copy(runs.TraceA, trace);
        var r = CliHarness.Run("trace", "--run", runs.RunA, "--out", trace, "--answers", "3", "--min-ratings", "20");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already holds a trace", r.Err);
        Assert.Contains("--force", r.Err);
        Assert.Equal(File.ReadAllBytes(runs.TraceA), File.ReadAllBytes(trace));

        r = CliHarness.Run("trace", "--run", runs.RunA, "--out", trace, "--answers", "3", "--min-ratings", "20", "--force");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("answers=3", ArrowFileInfo.Inspect(trace).Metadata["simcache.trace"]);
    }
}
