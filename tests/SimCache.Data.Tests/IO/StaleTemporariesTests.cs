using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Synthetic;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.IO;

/// <summary>What a killed prepare or synth left behind is removed (or restored) by the next run; a live process's work is not touched.</summary>
public class StaleTemporariesTests
{
    private static string Ratings(TempDir dir)
    {
        var lines = Enumerable.Range(0, 12).SelectMany(u => Enumerable.Range(0, 6).Select(i => $"{u + 1},{i + 1},4.0,{100 + i}"));
        return dir.File("ratings.csv", "userId,movieId,rating,timestamp\n" + string.Join('\n', lines) + "\n");
    }

    private static string Folder(string path, string file = "train.arrow")
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, file), "half-written");
        return path;
    }

    [Fact]
    public void PrepareRemovesTheStaleTemporariesOfItsOutputOnly()
    {
        using var dir = new TempDir();
        var input = Ratings(dir);
        int dead = DeadProcess.Id();
        var stale = Folder(dir.File($".out.tmp-{dead}-0123abcd"));
        var live = Folder(dir.File(".out.tmp-1-0123abcd")); // pid 1 always runs
        var otherOutput = Folder(dir.File($".other.tmp-{dead}-0123abcd"));
        var notOurs = Folder(dir.File($".out.tmp-{dead}-xyz"));
        DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = MovieLensCsvFormat.Name, Input = input, OutDir = dir.File("out"), Heldout = 2, Command = "test",
        });
        Assert.True(File.Exists(dir.File("out/dataset.json")));
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(otherOutput));
        Assert.True(Directory.Exists(notOurs));
    }

    [Fact]
    public void RecoverRestoresTheFolderARunDiedSwappingOut()
    {
        using var dir = new TempDir();
        int dead = DeadProcess.Id();
        var old = Folder(dir.File($".out.old-{dead}-0123abcd"), "dataset.json");
        var half = Folder(dir.File($".out.tmp-{dead}-0123abcd"));
        DatasetFolder.Recover(dir.File("out"));
        Assert.Equal("half-written", File.ReadAllText(dir.File("out/dataset.json")));
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(half));
    }

    [Fact]
    public void SynthRemovesAKilledRunsHalfWrittenLog()
    {
        using var dir = new TempDir();
        var outDir = dir.File("synth");
        Directory.CreateDirectory(outDir);
        var stale = Path.Combine(outDir, $".ratings.csv.tmp-{DeadProcess.Id()}-0123abcd");
        File.WriteAllText(stale, "userId,movieId,rating,timestamp\n1,");
        var options = SyntheticOptions.Preset("small") with { Users = 60, Items = 400, Clusters = 2 };
        var result = SyntheticGenerator.Generate(options, outDir, "test", NullReporter());
        Assert.True(File.Exists(result.RatingsPath));
        Assert.False(File.Exists(stale));
    }

    private static SimCache.Data.Progress.IWorkReporter NullReporter() => SimCache.Data.Progress.NullWorkReporter.Instance;
}
