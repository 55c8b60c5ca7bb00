using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>simcache bench</c>: the trace maker's output and the errors (the timings themselves are not tested).</summary>
public class BenchCommandTests
{
    private static string Golden => RepoFiles.GoldenTrace;

    [Fact]
    public void RepeatWritesTheRequestedRowsWithTheSourcesColumns()
    {
        using var dir = new TempDir();
        var output = dir.File("big.arrow");
        var r = CliHarness.Run("bench", "repeat", "--trace", Golden, "--requests", "3000", "--perturb", "0.1", "--seed", "2", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var reader = TraceFileReader.Open(output);
        Assert.Equal(3000, reader.TotalRows);
        Assert.Equal(32, reader.Dimension);
        Assert.True(reader.HasAnswer && reader.HasFuture);
        Assert.Contains("bench repeat", reader.Metadata[SimCacheArrow.CommandKey]);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--block", "0")]
    [InlineData("--from", "disk")]
    public void ReplayRejectsBadOptions(string option, string value)
    {
        var r = CliHarness.Run("bench", "replay", "--trace", Golden, "--cache", "lru(capacity=10)", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err + r.Out);
    }

    [Fact]
    public void AMissingTraceIsAClearError()
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("bench", "replay", "--trace", dir.File("none.arrow"), "--cache", "lru(capacity=10)");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none.arrow", r.Err);
        r = CliHarness.Run("bench", "repeat", "--trace", dir.File("none.arrow"), "--requests", "5", "--out", dir.File("o.arrow"));
        Assert.Equal(2, r.ExitCode);
    }

    /// <summary>bench repeat --out follows trace --out: a trace is replaced only with --force, and neither a file that is not a trace nor --trace itself ever.</summary>
    [Fact]
    public void RepeatReplacesOnlyATraceAndOnlyWithForce()
    {
        using var dir = new TempDir();
        var output = dir.File("big.arrow");
        string[] Repeat(string trace, string rows, params string[] more) => ["bench", "repeat", "--trace", trace, "--requests", rows, "--out", output, .. more];
        Assert.Equal(0, CliHarness.Run(Repeat(Golden, "2000")).ExitCode);
        var r = CliHarness.Run(Repeat(Golden, "3000"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--force", r.Err);
        using (var reader = TraceFileReader.Open(output)) Assert.Equal(2000, reader.TotalRows);
        Assert.Equal(0, CliHarness.Run(Repeat(Golden, "3000", "--force")).ExitCode);
        using (var reader = TraceFileReader.Open(output)) Assert.Equal(3000, reader.TotalRows);

        var before = File.ReadAllBytes(output);
        r = CliHarness.Run(Repeat(output, "5000", "--force"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is also the input trace", r.Err);
        Assert.Equal(before, File.ReadAllBytes(output));

        File.WriteAllText(output, "mine\n");
        r = CliHarness.Run(Repeat(Golden, "2000", "--force"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a trace", r.Err);
        Assert.Equal("mine\n", File.ReadAllText(output));
    }
}
