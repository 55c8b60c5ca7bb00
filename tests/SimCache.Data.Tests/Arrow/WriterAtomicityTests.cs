using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class WriterAtomicityTests
{
    public static TheoryData<string> Kinds => new() { "interactions", "embeddings", "trace" };

    private static IDisposable Begin(string kind, string path) => kind switch
    {
        "interactions" => Fill(new InteractionFileWriter(path, Samples.Prov, batchRows: 2), w => w.Append(1, 2, 3, 4f)),
        "embeddings" => Fill(new EmbeddingFileWriter(path, 2, "l2", Samples.Prov, batchRows: 2), w => w.Append(1, "x", [1f, 2f])),
        _ => Fill(new TraceFileWriter(path, 2, "l2", Samples.Prov, true, true, batchRows: 2), w => w.Append(1, 2, 3, [1f, 2f], [1], [2])),
    };

    private static T Fill<T>(T writer, Action<T> append)
    {
        for (int i = 0; i < 5; i++) append(writer); // crosses batch boundaries, so data reached the temp file
        return writer;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DisposeWithoutCompleteKeepsExistingTargetAndRemovesTemp(string kind)
    {
        using var dir = new TempDir();
        var path = dir.File("out.arrow");
        File.WriteAllText(path, "previous good result");
        using (Begin(kind, path))
        {
            Assert.Equal(2, Directory.GetFiles(dir.Path).Length); // target + temp while writing
        }
        Assert.Equal("previous good result", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FailedAppendThenDisposeKeepsExistingTarget(string kind)
    {
        using var dir = new TempDir();
        var path = dir.File("out.arrow");
        File.WriteAllText(path, "previous");
        var w = Begin(kind, path);
        try
        {
            Assert.ThrowsAny<ArgumentException>(() =>
            {
                switch (w)
                {
                    case InteractionFileWriter i: i.Append([1], [1, 2], [1], [1f]); break;
                    case EmbeddingFileWriter e: e.Append(0, "x", [float.NaN, 1f]); break;
                    case TraceFileWriter t: t.Append(0, 0, 0, [1f]); break;
                }
            });
        }
        finally
        {
            w.Dispose();
        }
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void CompleteReplacesTargetAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        var path = dir.File("out.arrow");
        File.WriteAllText(path, "previous");
        Samples.WriteTrace(path, 3);
        Assert.Equal([path], Directory.GetFiles(dir.Path));
        using var r = TraceFileReader.Open(path);
        Assert.Equal(3, r.TotalRows);
    }

    [Fact]
    public void AppendAfterCompleteThrows()
    {
        using var dir = new TempDir();
        using var w = new InteractionFileWriter(dir.File("x.arrow"), Samples.Prov);
        w.Complete();
        Assert.Throws<InvalidOperationException>(() => w.Append(1, 1, 1, 1f));
        Assert.Throws<InvalidOperationException>(() => w.Complete());
    }
}
