using SimCache.Cli.Tests.Inputs;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// Traces the replay cannot give a meaningful answer for are refused with exit code 2, naming the file and row,
/// before any output is written: a component too large for float distances, time going backwards, a negative
/// user, no rows, a warm-up covering every request.
/// </summary>
public class TraceRefusalTests
{
    private const float Marker = 1234.5f;

    private static string HugeComponentTrace(TempDir dir)
    {
        var path = dir.File("huge.arrow");
        TraceFiles.Write(path, 40, (r, k) => r == 17 && k == 2 ? Marker : r * 0.25f + k);
        TraceFiles.Replace(path, Marker, 3e38f);
        return path;
    }

    [Fact]
    public void SimulateRefusesTraceWithHugeComponent()
    {
        using var dir = new TempDir();
        var trace = HugeComponentTrace(dir);
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", trace, "--cache", "sim-lru(capacity=10, threshold=1)", "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(trace, r.Err);
        Assert.Contains("row 17 component 2", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("file")]
    public void BenchReplayRefusesTraceWithHugeComponent(string from)
    {
        using var dir = new TempDir();
        var trace = HugeComponentTrace(dir);
        var r = CliHarness.Run("bench", "replay", "--trace", trace, "--cache", "lru(capacity=10)", "--rounds", "1", "--from", from);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(trace, r.Err);
        Assert.Contains("row 17 component 2", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("exp(mean=5)")]
    public void SimulateRefusesTimestampsOutOfOrder(string latency)
    {
        using var dir = new TempDir();
        var trace = dir.File("t.arrow");
        TraceFiles.Write(trace, 30);
        TraceFiles.Replace(trace, 1000L + 21, 1000L + 3); // row 21 goes back in time
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", trace, "--cache", "sim-lru(capacity=10, threshold=1)", "--out", outDir,
            "--latency", latency, "--ttl", "50");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(trace, r.Err);
        Assert.Contains("'timestamp' row 21", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    [Fact]
    public void SimulateRefusesNegativeUser()
    {
        using var dir = new TempDir();
        var trace = dir.File("t.arrow");
        TraceFiles.Write(trace, 30);
        // The user column's values are r / 2 for r = 0..29, a run of bytes found once; row 13's user becomes -4.
        var users = Enumerable.Range(0, 30).Select(i => i / 2).ToArray();
        var patched = (int[])users.Clone();
        patched[13] = -4;
        TraceFiles.Replace(trace, System.Runtime.InteropServices.MemoryMarshal.AsBytes(users.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(patched.AsSpan()));
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", trace, "--cache", "lru(capacity=10)", "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(trace, r.Err);
        Assert.Contains("'user' row 13 is -4", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    [Fact]
    public void SimulateRefusesEmptyTrace()
    {
        using var dir = new TempDir();
        var trace = dir.File("empty.arrow");
        TraceFiles.Write(trace, 0);
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", trace, "--cache", "lru(capacity=10)", "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(trace, r.Err);
        Assert.Contains("nothing to count", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("31")]
    public void SimulateRefusesWarmupCoveringTheTrace(string warmup)
    {
        using var dir = new TempDir();
        var trace = dir.File("t.arrow");
        TraceFiles.Write(trace, 30);
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", trace, "--cache", "lru(capacity=10)", "--out", outDir, "--warmup", warmup);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--warmup " + warmup, r.Err);
        Assert.Contains("all 30 requests", r.Err);
        Assert.False(Path.Exists(outDir));
        // One request left to count is a result.
        Assert.Equal(0, CliHarness.Run("simulate", "--trace", trace, "--cache", "lru(capacity=10)", "--out", outDir, "--warmup", "29").ExitCode);
    }
}
