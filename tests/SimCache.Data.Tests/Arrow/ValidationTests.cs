using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class ValidationTests
{
    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteVectorNamesRowAndComponent(float bad, string name)
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var v = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        v[2 * 3 + 1] = bad; // row 2, component 1
        RawArrow.Write(path, RawArrow.Meta("trace", 3), RawArrow.TraceColumns(3, v));
        using var r = TraceFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("row 2 component 1", ex.Message);
        Assert.Contains(name, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void NonFiniteInLongVectorsIsFoundBySimdScan()
    {
        using var dir = new TempDir();
        var path = dir.File("e.arrow");
        const int dim = 64;
        var v = new float[dim * 3];
        v[2 * dim + 47] = float.NaN;
        RawArrow.Write(path, RawArrow.Meta("embeddings", dim),
            ("user", RawArrow.Ints(0, 1, 2)), ("user_id", RawArrow.Strings("a", "b", "c")), ("embedding", RawArrow.Vectors(dim, v)));
        using var r = EmbeddingFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("component 47", ex.Message);
    }

    [Fact]
    public void ListSizeDisagreeingWithMetadataIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        RawArrow.Write(path, RawArrow.Meta("trace", 4), RawArrow.TraceColumns(3, new float[6]));
        var ex = Assert.Throws<DataFormatException>(() => TraceFileReader.Open(path));
        Assert.Contains("3 floats", ex.Message);
        Assert.Contains("says 4", ex.Message);
    }

    [Fact]
    public void ExpectedDimensionMismatchIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 2, dim: 3);
        var ex = Assert.Throws<DataFormatException>(() => TraceFileReader.Open(path, expectedDimension: 8));
        Assert.Contains("expected 8", ex.Message);
        using var ok = TraceFileReader.Open(path, expectedDimension: 3);
        Assert.Equal(3, ok.Dimension);
    }

    [Fact]
    public void MissingDimensionMetadataIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        RawArrow.Write(path, RawArrow.Meta("trace"), RawArrow.TraceColumns(3, new float[6]));
        Assert.Contains("simcache.dimension", Assert.Throws<DataFormatException>(() => TraceFileReader.Open(path)).Message);
    }

    [Fact]
    public void WrongKindIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 2);
        var ex = Assert.Throws<DataFormatException>(() => EmbeddingFileReader.Open(path));
        Assert.Contains("'trace', expected 'embeddings'", ex.Message);
        Assert.Throws<DataFormatException>(() => InteractionFileReader.Open(path));
    }

    [Fact]
    public void MissingKindIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        RawArrow.Write(path, new Dictionary<string, string>(), ("user", RawArrow.Ints(1)));
        Assert.Contains("simcache.kind", Assert.Throws<DataFormatException>(() => ArrowFileInfo.Inspect(path)).Message);
    }

    [Fact]
    public void MissingColumnIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("i.arrow");
        RawArrow.Write(path, RawArrow.Meta("interactions"),
            ("user", RawArrow.Ints(1)), ("item", RawArrow.Ints(2)), ("timestamp", RawArrow.Longs(3)));
        var ex = Assert.Throws<DataFormatException>(() => InteractionFileReader.Open(path));
        Assert.Contains("missing column 'rating'", ex.Message);
    }

    [Fact]
    public void WronglyTypedColumnIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("i.arrow");
        RawArrow.Write(path, RawArrow.Meta("interactions"),
            ("user", RawArrow.Ints(1)), ("item", RawArrow.Ints(2)), ("timestamp", RawArrow.Ints(3)), ("rating", RawArrow.Floats(1f)));
        var ex = Assert.Throws<DataFormatException>(() => InteractionFileReader.Open(path));
        Assert.Contains("'timestamp' has type int32, expected int64", ex.Message);
    }

    [Fact]
    public void NullInNonNullableColumnNamesRow()
    {
        using var dir = new TempDir();
        var path = dir.File("i.arrow");
        RawArrow.Write(path, RawArrow.Meta("interactions"),
            ("user", RawArrow.Ints(1, 2, null)), ("item", RawArrow.Ints(2, 3, 4)), ("timestamp", RawArrow.Longs(3, 4, 5)), ("rating", RawArrow.Floats(1f, 2f, 3f)));
        using var r = InteractionFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("'user' row 2 is null", ex.Message);
    }

    [Fact]
    public void UnknownDistanceIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        RawArrow.Write(path, RawArrow.Meta("trace", 3, "dot"), RawArrow.TraceColumns(3, new float[6]));
        Assert.Contains("simcache.distance", Assert.Throws<DataFormatException>(() => TraceFileReader.Open(path)).Message);
    }
}
