using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class EmbeddingFileTests
{
    [Fact]
    public void RoundTripsExactValuesAcrossBatches()
    {
        using var dir = new TempDir();
        var path = dir.File("e.arrow");
        Samples.WriteEmbeddings(path, rows: 9, dim: 5, batchRows: 4);

        using var r = EmbeddingFileReader.Open(path, expectedDimension: 5);
        Assert.Equal(9, r.TotalRows);
        Assert.Equal(3, r.BatchCount);
        Assert.Equal(5, r.Dimension);
        Assert.Equal("cosine", r.Distance);
        Assert.Equal("5", r.Metadata["simcache.dimension"]);
        int row = 0;
        while (r.ReadNextBatch() is { } b)
        {
            Assert.Equal(b.RowCount * 5, b.Vectors.Length);
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.Equal(row, b.Users[i]);
                Assert.Equal($"u-{row}-é", b.UserId(i));
                Assert.Equal(Samples.Vector(row, 5), b.Vector(i).ToArray());
                Assert.Equal(Samples.Vector(row, 5), b.Vectors.Slice(i * 5, 5).ToArray());
            }
        }
        Assert.Equal(9, row);
    }

    [Fact]
    public void WriterRejectsWrongLengthAndNonFiniteVectors()
    {
        using var dir = new TempDir();
        using var w = new EmbeddingFileWriter(dir.File("x.arrow"), 3, "l2", Samples.Prov);
        Assert.Throws<ArgumentException>(() => w.Append(0, "a", new float[2]));
        Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, float.NaN, 0f]));
        var ex = Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, 2f, float.NegativeInfinity]));
        Assert.Contains("component 2", ex.Message);
        // Long vectors go through the SIMD path.
        var longVec = new float[37];
        longVec[33] = float.PositiveInfinity;
        using var w2 = new EmbeddingFileWriter(dir.File("y.arrow"), 37, "l2", Samples.Prov);
        Assert.Contains("component 33", Assert.Throws<ArgumentException>(() => w2.Append(0, "a", longVec)).Message);
        w.Append(0, "a", [1f, 2f, 3f]);
        Assert.Equal(1, w.RowCount);
    }

    [Fact]
    public void WriterRejectsBadDistanceAndDimension()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => new EmbeddingFileWriter(dir.File("x.arrow"), 3, "dot", Samples.Prov));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingFileWriter(dir.File("x.arrow"), 0, "l2", Samples.Prov));
    }

    [Fact]
    public void ReaderRejectsUnexpectedDimension()
    {
        using var dir = new TempDir();
        var path = dir.File("e.arrow");
        Samples.WriteEmbeddings(path, rows: 2, dim: 3);
        var ex = Assert.Throws<DataFormatException>(() => EmbeddingFileReader.Open(path, expectedDimension: 4));
        Assert.Contains("dimension 3, expected 4", ex.Message);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void ReaderRejectsNullUserId()
    {
        using var dir = new TempDir();
        var path = dir.File("n.arrow");
        var ids = new Apache.Arrow.StringArray.Builder().Append("a").AppendNull().Build();
        RawArrow.Write(path, RawArrow.Meta("embeddings", 2),
            ("user", RawArrow.Ints(0, 1)), ("user_id", ids), ("embedding", RawArrow.Vectors(2, 1, 2, 3, 4)));
        using var r = EmbeddingFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(1, ex.Line);
        Assert.Contains("user_id", ex.Message);
    }

    [Fact]
    public void ReaderRejectsNegativeUserNamingItsRow()
    {
        using var dir = new TempDir();
        var path = dir.File("n.arrow");
        RawArrow.Write(path, RawArrow.Meta("embeddings", 2),
            ("user", RawArrow.Ints(0, 1, -2)), ("user_id", RawArrow.Strings("a", "b", "c")), ("embedding", RawArrow.Vectors(2, 1, 2, 3, 4, 5, 6)));
        using var r = EmbeddingFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("column 'user' row 2 is -2", ex.Message);
        Assert.Contains(path, ex.Message);
    }
}
