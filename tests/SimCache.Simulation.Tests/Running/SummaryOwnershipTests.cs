using SimCache.Data.IO;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Tests.Replay;
using Xunit;

namespace SimCache.Simulation.Tests.Running;

/// <summary>
/// <c>simulate --out</c> replaces a folder only when its summary.json is one this tool wrote (its kind and tool
/// version): a file merely named summary.json is someone else's and stays as it was, refused before the replay.
/// </summary>
public class SummaryOwnershipTests
{
    private static SimulationRequest Request(string trace, string outDir) =>
        new() { TracePath = trace, Cache = "lru(capacity=2)", OutDir = outDir, Command = "test", Replay = new ReplayOptions() };

    [Fact]
    public void AFolderOfThisToolsSummaryIsReplaced()
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (0, 0, 0f, 0f), (1, 1, 1f, 0f), (2, 2, 0f, 0f));
        var outDir = dir.File("out");
        var (first, _) = Simulator.Run(Request(trace, outDir));
        Assert.Contains($"\"kind\": \"{SimulationSummary.Kind}\"", first);
        var (second, _) = Simulator.Run(Request(trace, outDir));
        Assert.Equal(second, File.ReadAllText(Path.Combine(outDir, SimulationSummary.SummaryFile)));
    }

    [Theory]
    [InlineData("{ \"mine\": true }\n")]
    [InlineData("{ \"kind\": \"simcache-simulation\" }\n")] // no tool version: not written here
    [InlineData("{ \"kind\": \"simcache-gmm\", \"tool_version\": \"0.1.0\" }\n")]
    [InlineData("[1, 2]\n")]
    [InlineData("my notes\n")]
    public void AForeignSummaryIsNeverReplaced(string text)
    {
        using var dir = new TempDir();
        var trace = TimelineTrace.Write(dir, (0, 0, 0f, 0f), (1, 1, 1f, 0f), (2, 2, 0f, 0f));
        var outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        var summary = dir.File(Path.Combine("out", SimulationSummary.SummaryFile), text);
        var e = Assert.Throws<DataFormatException>(() => Simulator.Run(Request(trace, outDir)));
        Assert.Equal(summary, e.Path);
        Assert.Contains("not a summary this tool wrote", e.Detail);
        Assert.Equal(text, File.ReadAllText(summary));
        Assert.Equal([summary], Directory.GetFiles(outDir));
    }
}
