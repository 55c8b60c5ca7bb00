using System.Text.Json.Nodes;
using SimCache.Data.IO;
using SimCache.Experiments.Stages;
using Xunit;

namespace SimCache.Experiments.Tests.Stages;

public class StageCacheTests
{
    private static StageRequest Request(string folder, double alpha, string? raw = null, Dictionary<string, string>? inputs = null) =>
        new("demo", folder, new JsonObject { ["alpha"] = alpha, ["name"] = "x" }, inputs ?? [], raw is null ? [] : new Dictionary<string, string> { ["raw"] = raw }, "demo.json");

    private static Action<string> Build(List<string> calls, string text) => dir =>
    {
        calls.Add(text);
        File.WriteAllText(Path.Combine(dir, "demo.json"), text);
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "part.txt"), text + text);
    };

    [Fact]
    public void ARerunReusesAndAnyChangeOfParametersInputsOrOutputsRebuilds()
    {
        using var dir = new TempDir();
        var folder = dir.File("stage");
        var raw = dir.File("raw.txt", "one");
        var calls = new List<string>();
        var first = StageCache.Run(Request(folder, 1, raw), Build(calls, "a"));
        Assert.False(first.Reused);
        Assert.Equal(64, first.Key.Length);
        var manifest = StageManifest.TryLoad(folder)!;
        Assert.Equal(first.Key, manifest.Key);
        Assert.Equal(new SortedDictionary<string, long> { ["demo.json"] = 1, ["sub/part.txt"] = 2 }, manifest.Outputs);
        Assert.Equal(ContentHash.OfText("one"), manifest.RawInputs["raw"].Sha256);

        Assert.True(StageCache.Run(Request(folder, 1, raw), Build(calls, "b")).Reused);
        Assert.Equal(["a"], calls);

        // A parameter, an upstream key, a raw input's content, a missing output: each rebuilds.
        Assert.False(StageCache.Run(Request(folder, 2, raw), Build(calls, "c")).Reused);
        Assert.False(StageCache.Run(Request(folder, 2, raw, new() { ["up"] = "k1" }), Build(calls, "d")).Reused);
        File.WriteAllText(raw, "two");
        File.SetLastWriteTimeUtc(raw, DateTime.UtcNow.AddMinutes(1));
        var changed = StageCache.Run(Request(folder, 2, raw, new() { ["up"] = "k1" }), Build(calls, "e"));
        Assert.False(changed.Reused);
        File.Delete(Path.Combine(folder, "sub", "part.txt"));
        Assert.False(StageCache.Run(Request(folder, 2, raw, new() { ["up"] = "k1" }), Build(calls, "f")).Reused);
        Assert.Equal(["a", "c", "d", "e", "f"], calls);
        Assert.Equal("f", File.ReadAllText(Path.Combine(folder, "demo.json")));
        // The key is the same however the parameters were ordered.
        var reordered = new StageRequest("demo", folder, new JsonObject { ["name"] = "x", ["alpha"] = 2.0 }, new Dictionary<string, string> { ["up"] = "k1" },
            new Dictionary<string, string> { ["raw"] = raw }, "demo.json");
        Assert.True(StageCache.Run(reordered, Build(calls, "g")).Reused);
    }

    [Fact]
    public void AStageThatFailsLeavesThePreviousCompleteFolderAndNoLitter()
    {
        using var dir = new TempDir();
        var folder = dir.File("stage");
        var calls = new List<string>();
        var good = StageCache.Run(Request(folder, 1), Build(calls, "a"));
        Assert.Throws<InvalidOperationException>(() => StageCache.Run(Request(folder, 2), d =>
        {
            File.WriteAllText(Path.Combine(d, "demo.json"), "half");
            throw new InvalidOperationException("killed");
        }));
        Assert.Equal("a", File.ReadAllText(Path.Combine(folder, "demo.json")));
        Assert.Equal(good.Key, StageManifest.TryLoad(folder)!.Key);
        Assert.Equal(["stage"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        Assert.True(StageCache.Run(Request(folder, 1), Build(calls, "b")).Reused);
    }

    [Fact]
    public void LeftoversOfAKilledProcessAreRemovedAndForeignFoldersRefused()
    {
        using var dir = new TempDir();
        // A temporary sibling as a killed process leaves it (no such process id runs).
        var litter = dir.File(".stage.tmp-999999999-abcdef12");
        Directory.CreateDirectory(litter);
        File.WriteAllText(Path.Combine(litter, "demo.json"), "partial");
        var nested = dir.File("..stage.tmp-999999998-0123abcd.tmp-999999999-abcdef12"); // a swap inside a swap
        File.WriteAllText(nested, "partial");
        var ours = dir.File($".stage.tmp-{Environment.ProcessId}-0123abcd"); // this process's work in progress
        File.WriteAllText(ours, "in progress");
        StageCache.Run(Request(dir.File("stage"), 1), Build([], "a"));
        Assert.False(Directory.Exists(litter));
        Assert.False(File.Exists(nested));
        Assert.True(File.Exists(ours));
        File.Delete(ours);

        var foreign = dir.File("mine");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "keep");
        var e = Assert.Throws<DataFormatException>(() => StageCache.Run(Request(foreign, 1), Build([], "a")));
        Assert.Contains("never replaced", e.Message);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(foreign, "notes.txt")));
    }
}
