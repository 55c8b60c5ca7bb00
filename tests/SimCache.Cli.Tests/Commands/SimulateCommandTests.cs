using System.Text.Json;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>simcache simulate</c> on the committed golden trace: the files it writes and the errors it gives.</summary>
public class SimulateCommandTests
{
    private static string Golden => RepoFiles.GoldenTrace;

    [Fact]
    public void WritesASummaryWithEveryCountAndATimeSeriesThatAddsUp()
    {
        using var dir = new TempDir();
        var outDir = dir.File("sim");
        var r = CliHarness.Run("simulate", "--trace", Golden, "--cache", "sim-lru(capacity=100, threshold=0.8)", "--out", outDir,
            "--warmup", "100", "--window", "250", "--latency", "exp(mean=3600)", "--seed", "5");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = json.RootElement;
        var counts = root.GetProperty("counts");
        long requests = counts.GetProperty("requests").GetInt64();
        Assert.Equal(1267 - 100, requests);
        Assert.Equal(requests, counts.GetProperty("exact_hits").GetInt64() + counts.GetProperty("approximate_hits").GetInt64()
            + counts.GetProperty("delayed_hits").GetInt64() + counts.GetProperty("misses").GetInt64());
        Assert.True(counts.GetProperty("delayed_hits").GetInt64() > 0, "an hour of latency must make some requests wait");
        Assert.Equal(64, root.GetProperty("trace").GetProperty("sha256").GetString()!.Length);
        Assert.Equal("exp(mean=3600)", root.GetProperty("parameters").GetProperty("latency").GetString());
        foreach (var stat in new[] { "mean", "p50", "p90", "p99" }) Assert.Equal(JsonValueKind.Number, root.GetProperty("distance").GetProperty(stat).ValueKind);
        Assert.InRange(root.GetProperty("quality").GetProperty("overlap_mean").GetDouble(), 0, 1);

        var lines = File.ReadAllLines(Path.Combine(outDir, "timeseries.csv"));
        Assert.StartsWith("window,first_request,requests,", lines[0]);
        Assert.Equal(requests, lines.Skip(1).Sum(l => long.Parse(l.Split(',')[2])));
        Assert.Equal(5, lines.Length - 1); // 1,167 counted requests in windows of 250

        // Same inputs and seed: the same summary, wall time and speed aside.
        var again = dir.File("again");
        Assert.Equal(0, CliHarness.Run("simulate", "--trace", Golden, "--cache", "sim-lru(capacity=100, threshold=0.8)", "--out", again,
            "--warmup", "100", "--window", "250", "--latency", "exp(mean=3600)", "--seed", "5").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "timeseries.csv")), File.ReadAllText(Path.Combine(again, "timeseries.csv")));
        using var second = JsonDocument.Parse(File.ReadAllText(Path.Combine(again, "summary.json")));
        Assert.Equal(root.GetProperty("counts").ToString(), second.RootElement.GetProperty("counts").ToString());
        Assert.Equal(root.GetProperty("quality").ToString(), second.RootElement.GetProperty("quality").ToString());
    }

    [Theory]
    [InlineData("--cache", "no-such-policy(capacity=3)", "sim-lru")]
    [InlineData("--cache", "sim-lru(capacity=10, treshold=0.5)", "treshold")]
    [InlineData("--latency", "exp(mean=-1)", "mean")]
    [InlineData("--arrivals", "poisson(rate=0)", "rate")]
    [InlineData("--trace", "/no/such/trace.arrow", "/no/such/trace.arrow")]
    public void BadInputIsExitCode2NamingTheCulprit(string option, string value, string named)
    {
        using var dir = new TempDir();
        var args = new List<string> { "simulate", "--trace", Golden, "--cache", "lru(capacity=10)", "--out", dir.File("o") };
        int at = args.IndexOf(option);
        args[at + 1] = value;
        var r = CliHarness.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(named, r.Err);
    }
}
