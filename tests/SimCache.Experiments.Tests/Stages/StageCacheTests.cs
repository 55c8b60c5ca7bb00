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

    /// <summary>A resumable build whose steps are files: <c>Start</c> writes step1, then step2 and demo.json; <c>Resume</c>
    /// writes only what is missing. <paramref name="stopAfterStep1"/> stops it (as Ctrl+C does) once step1 is written.</summary>
    private static ResumableBuild Steps(List<string> calls, bool stopAfterStep1 = false, Func<string, KeptWork>? inspect = null)
    {
        void Continue(string dir)
        {
            if (!File.Exists(Path.Combine(dir, "step1"))) File.WriteAllText(Path.Combine(dir, "step1"), "1");
            if (stopAfterStep1) throw new OperationCanceledException();
            File.WriteAllText(Path.Combine(dir, "step2"), "2");
            File.WriteAllText(Path.Combine(dir, "demo.json"), "done");
        }
        return new ResumableBuild(
            Start: dir => { calls.Add("start " + Directory.GetFileSystemEntries(dir).Length); Continue(dir); },
            Resume: dir => { calls.Add("resume " + string.Join(",", Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order())); Continue(dir); },
            Inspect: inspect ?? (dir => File.Exists(Path.Combine(dir, "demo.json")) ? KeptWork.Complete
                : File.Exists(Path.Combine(dir, "step1")) ? KeptWork.Resumable : KeptWork.Nothing));
    }

    private static string[] Entries(TempDir dir) => Directory.GetFileSystemEntries(dir.Path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    private static string KeyOf(double alpha) =>
        StageCache.KeyOf("demo", 1, CanonicalJson.Sorted(new JsonObject { ["alpha"] = alpha, ["name"] = "x" })!, new Dictionary<string, string>());

    [Fact]
    public void AStoppedResumableStageKeepsItsWorkAndTheNextRunOfTheSameKeyContinuesIt()
    {
        using var dir = new TempDir();
        var stage = dir.File("stage");
        var previous = StageCache.Run(Request(stage, 0), Build([], "old"));
        var first = new List<string>();
        var log = new List<string>();
        Assert.Throws<OperationCanceledException>(() => StageCache.RunResumable(Request(stage, 1), Steps(first, stopAfterStep1: true), log.Add));
        var partial = ".stage.partial-" + KeyOf(1)[..16];
        Assert.Equal([partial, "stage"], Entries(dir)); // the complete stage of before, and the kept work beside it
        Assert.Equal(previous.Key, StageManifest.TryLoad(stage)!.Key);
        Assert.Equal("old", File.ReadAllText(Path.Combine(stage, "demo.json")));
        Assert.Equal(["1"], Directory.GetFiles(dir.File(partial)).Select(File.ReadAllText));
        Assert.Contains(log, l => l == $"demo: stopped; the work so far is kept in {dir.File(partial)}, and the same command continues it");

        var second = new List<string>();
        log.Clear();
        var done = StageCache.RunResumable(Request(stage, 1), Steps(second), log.Add);
        Assert.Equal(["start 0"], first);
        Assert.Equal(["resume step1"], second); // continued in the kept folder, not started over
        Assert.Equal([$"demo: continuing the interrupted build kept in {dir.File(partial)}"], log);
        Assert.False(done.Reused);
        Assert.Equal(KeyOf(1), done.Key);
        Assert.Equal(["stage"], Entries(dir)); // the work folder became the stage folder; the old one is gone
        Assert.Equal(new SortedDictionary<string, long> { ["demo.json"] = 4, ["step1"] = 1, ["step2"] = 1 }, StageManifest.TryLoad(stage)!.Outputs);
        Assert.True(StageCache.RunResumable(Request(stage, 1), Steps(second), log.Add).Reused);
        Assert.Equal(["resume step1"], second);
    }

    [Fact]
    public void KeptWorkOfOtherParametersIsRemovedAndABuildThatKeptNothingLeavesNothing()
    {
        using var dir = new TempDir();
        var folder = dir.File("stage");
        var log = new List<string>();
        Assert.Throws<OperationCanceledException>(() => StageCache.RunResumable(Request(folder, 1), Steps([], stopAfterStep1: true), log.Add));
        var kept = Assert.Single(Entries(dir));

        var calls = new List<string>();
        var other = StageCache.RunResumable(Request(folder, 2), Steps(calls), log.Add);
        Assert.Equal(["start 0"], calls); // started over: the kept work was another key's
        Assert.Contains(log, l => l == $"demo: removed {dir.File(kept)}, the kept work of an interrupted demo with other parameters or inputs");
        Assert.Equal(["stage"], Entries(dir));
        Assert.Equal(other.Key, StageManifest.TryLoad(folder)!.Key);

        // A failure before anything worth keeping: no work folder stays, and the complete stage is untouched.
        Assert.Throws<InvalidOperationException>(() => StageCache.RunResumable(Request(folder, 3),
            new ResumableBuild(d => throw new InvalidOperationException("bad"), d => throw new InvalidOperationException("unused"), _ => KeptWork.Nothing), log.Add));
        Assert.Equal(["stage"], Entries(dir));
        Assert.Equal(other.Key, StageManifest.TryLoad(folder)!.Key);
    }

    [Fact]
    public void KeptWorkThatIsCompleteIsMovedInAndKeptWorkThatCannotBeReadStartsOver()
    {
        using var dir = new TempDir();
        var folder = dir.File("stage");
        var key = KeyOf(1);
        var work = dir.File(".stage.partial-" + key[..16]);

        // Killed after the build finished, before the swap (even after its manifest was written).
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "demo.json"), "done");
        File.WriteAllText(Path.Combine(work, StageManifest.FileName), "{ half");
        var calls = new List<string>();
        var log = new List<string>();
        var r = StageCache.RunResumable(Request(folder, 1), Steps(calls), log.Add);
        Assert.Equal(key, r.Key);
        Assert.Empty(calls);
        Assert.Contains(log, l => l.Contains("is complete; moving it into place", StringComparison.Ordinal));
        Assert.Equal(new SortedDictionary<string, long> { ["demo.json"] = 4 }, StageManifest.TryLoad(folder)!.Outputs);
        Assert.Equal(["stage"], Entries(dir));

        // A resume point the build cannot read: the user cannot repair it, so the build starts over in an empty folder.
        Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "step1"), "garbage");
        var started = new List<string>();
        var build = Steps(started) with { Resume = d => throw new DataFormatException(Path.Combine(d, "step1"), "is not a resume point") };
        log.Clear();
        StageCache.RunResumable(Request(folder, 1), build, log.Add);
        Assert.Equal(["start 0"], started);
        Assert.Contains(log, l => l.Contains("cannot be continued", StringComparison.Ordinal) && l.EndsWith("starting over", StringComparison.Ordinal));
        Assert.Equal("1", File.ReadAllText(Path.Combine(folder, "step1")));

        // A data error elsewhere (the input, not the kept state) is the user's to fix: it is reported and the work is kept.
        Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "step1"), "1");
        var input = dir.File("input.csv");
        var broken = Steps([]) with { Resume = d => throw new DataFormatException(input, "line 3: bad") };
        Assert.Throws<DataFormatException>(() => StageCache.RunResumable(Request(folder, 1), broken, _ => { }));
        Assert.Equal("1", File.ReadAllText(Path.Combine(work, "step1")));
    }
}
