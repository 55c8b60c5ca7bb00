using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>Where a trace may be written: a new path, or a trace with force; never a folder, another kind of file or the input itself.</summary>
public sealed class TraceOutputTests
{
    [Fact]
    public void ANewPathIsAccepted()
    {
        using var dir = new TempDir();
        TraceOutput.CheckReplaceable(dir.File("new.arrow"), force: false, input: dir.File("in.arrow"));
    }

    [Fact]
    public void AnExistingTraceIsReplacedOnlyWithForce()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 3);
        var ex = Assert.Throws<DataFormatException>(() => TraceOutput.CheckReplaceable(path, force: false));
        Assert.Equal(path, ex.Path);
        Assert.Contains("--force", ex.Detail);
        TraceOutput.CheckReplaceable(path, force: true);
    }

    [Fact]
    public void AFileThatIsNotATraceIsNeverReplaced()
    {
        using var dir = new TempDir();
        var notes = dir.File("notes.txt", "mine\n");
        var embeddings = dir.File("e.arrow");
        Samples.WriteEmbeddings(embeddings, rows: 3);
        foreach (var path in new[] { notes, embeddings })
        {
            var ex = Assert.Throws<DataFormatException>(() => TraceOutput.CheckReplaceable(path, force: true));
            Assert.Equal(path, ex.Path);
            Assert.Contains("is not a trace", ex.Detail);
        }
    }

    [Fact]
    public void TheInputTraceIsNeverItsOwnOutputEvenWithForce()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 3);
        var link = dir.File("link.arrow");
        File.CreateSymbolicLink(link, path);
        foreach (var output in new[] { path, Path.Combine(dir.Path, ".", "t.arrow"), link })
        {
            var ex = Assert.Throws<DataFormatException>(() => TraceOutput.CheckReplaceable(output, force: true, input: path));
            Assert.Contains("is also the input trace", ex.Detail);
        }
    }

    [Fact]
    public void AFolderIsRefused()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<DataFormatException>(() => TraceOutput.CheckReplaceable(dir.Path, force: true));
        Assert.Contains("is a folder", ex.Detail);
    }
}
