using System.Text.Json.Nodes;
using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>simcache trace stats</c> on the committed golden trace: the file it writes, its summary, Ctrl+C, and what it refuses.</summary>
public class TraceStatsCommandTests
{
    private static string CopyGolden(TempDir dir)
    {
        var path = dir.File("golden.arrow");
        File.Copy(RepoFiles.GoldenTrace, path);
        return path;
    }

    [Fact]
    public void WritesTheStatisticsBesideTheTraceAndSummarisesThem()
    {
        using var dir = new TempDir();
        var trace = CopyGolden(dir);
        var r = CliHarness.Run("trace", "stats", trace);
        Assert.True(r.ExitCode == 0, r.ToString());
        var written = dir.File("golden-stats.json");
        Assert.Contains("Wrote " + written, r.Out);
        var stats = JsonNode.Parse(File.ReadAllText(written))!;

        // The same counts by a plain loop over the trace's users.
        var users = new List<int>();
        using (var reader = SimCache.Data.Arrow.TraceFileReader.Open(trace))
            foreach (var batch in reader.ReadBatches())
                foreach (var u in batch.Users) users.Add(u);
        int same = Enumerable.Range(1, users.Count - 1).Count(i => users[i] == users[i - 1]);
        Assert.Equal(users.Count, (long)stats["requests"]!);
        Assert.Equal(users.Distinct().Count(), (long)stats["users"]!);
        Assert.Equal(same, (long)stats["same_user_consecutive"]!["requests"]!);
        Assert.Contains($"same-user consecutive requests: {(double)same / users.Count:P1}", r.Out);

        // --out elsewhere, a sampled measurement, and the same bytes when repeated.
        var a = dir.File("a.json");
        var b = dir.File("b.json");
        Assert.Equal(0, CliHarness.Run("trace", "stats", trace, "--out", a, "--exact-rows", "10", "--sample", "25", "--seed", "3").ExitCode);
        Assert.Equal(0, CliHarness.Run("trace", "stats", trace, "--out", b, "--exact-rows", "10", "--sample", "25", "--seed", "3").ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal("sampled", (string)JsonNode.Parse(File.ReadAllText(a))!["distances"]!["mode"]!);
        // An earlier statistics file is replaced.
        Assert.Equal(0, CliHarness.Run("trace", "stats", trace, "--out", a).ExitCode);
        Assert.Equal("exact", (string)JsonNode.Parse(File.ReadAllText(a))!["distances"]!["mode"]!);
    }

    [Fact]
    public void CtrlCStopsItWithExit130AndWritesNothing()
    {
        using var dir = new TempDir();
        var trace = CopyGolden(dir);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(["trace", "stats", trace], new CliContext(o, e, interactive: false) { Cancellation = cancel.Token });
        Assert.Equal(130, code);
        Assert.Contains("interrupted", e.ToString());
        Assert.Equal(["golden.arrow"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TheTraceCommandStillRequiresItsOwnOptions()
    {
        var r = CliHarness.Run("trace", "--out", "x.arrow");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--run", r.Err);
    }
}
