using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class FileInfoTests
{
    [Fact]
    public void InteractionsSummary()
    {
        using var dir = new TempDir();
        var path = dir.File("i.arrow");
        Samples.WriteInteractions(path, 11, batchRows: 4, extra: new Dictionary<string, string> { ["split"] = "test" });
        var info = ArrowFileInfo.Inspect(path);
        Assert.Equal(ArrowFileKind.Interactions, info.Kind);
        Assert.Equal(11, info.Rows);
        Assert.Equal(3, info.Batches);
        Assert.Equal(5, info.DistinctUsers);
        Assert.Equal(1_600_000_000L, info.MinTimestamp);
        Assert.Equal(1_600_000_000L + 600, info.MaxTimestamp);
        Assert.Null(info.Dimension);
        Assert.Equal("test", info.Metadata["split"]);
        Assert.Equal(["user: int32 not null", "item: int32 not null", "timestamp: int64 not null", "rating: float32 not null"],
            info.Columns.Select(c => c.ToString()));
        var text = info.ToString();
        Assert.Contains("kind:           interactions", text);
        Assert.Contains("split = test", text);
    }

    [Fact]
    public void TraceAndEmbeddingsSummary()
    {
        using var dir = new TempDir();
        Samples.WriteTrace(dir.File("t.arrow"), 10, dim: 6);
        var t = ArrowFileInfo.Inspect(dir.File("t.arrow"));
        Assert.Equal(ArrowFileKind.Trace, t.Kind);
        Assert.Equal(6, t.Dimension);
        Assert.Equal("l2", t.Distance);
        Assert.Equal(3, t.DistinctUsers);
        Assert.Equal(1_700_000_009L, t.MaxTimestamp);
        Assert.Contains("embedding: fixed_size_list<float32>[6] not null", t.SchemaText);
        Assert.Contains("answer: list<int32> not null", t.SchemaText);

        Samples.WriteEmbeddings(dir.File("e.arrow"), 7, dim: 2);
        var e = ArrowFileInfo.Inspect(dir.File("e.arrow"));
        Assert.Equal(ArrowFileKind.Embeddings, e.Kind);
        Assert.Equal(7, e.DistinctUsers);
        Assert.Null(e.MinTimestamp);
        Assert.Equal("cosine", e.Distance);
    }

    [Fact]
    public void InspectValidatesEveryRow()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var v = new float[9];
        v[8] = float.NaN;
        RawArrow.Write(path, RawArrow.Meta("trace", 3), RawArrow.TraceColumns(3, v));
        Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ArrowFileInfo.Inspect(path));
    }
}
