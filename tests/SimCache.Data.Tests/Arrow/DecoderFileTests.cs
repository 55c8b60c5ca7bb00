using Apache.Arrow;
using Apache.Arrow.Ipc;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class DecoderFileTests
{
    /// <summary>A decoder file written with the plain Arrow library: one batch per entry of <paramref name="batches"/> (item indices).</summary>
    private static void WriteRaw(string path, int dim, params int[][] batches)
    {
        var first = DecoderColumns(dim, batches[0]);
        var schema = new Schema(first.Select(c => new Field(c.Name, c.Array.Data.DataType, nullable: false)), RawArrow.Meta("decoder", dim, distance: null));
        using var fs = File.Create(path);
        using var w = new ArrowFileWriter(fs, schema);
        foreach (var items in batches)
            w.WriteRecordBatch(new RecordBatch(schema, DecoderColumns(dim, items).Select(c => c.Array), items.Length));
        w.WriteEnd();
    }

    private static (string Name, IArrowArray Array)[] DecoderColumns(int dim, int[] items) =>
    [
        ("item", RawArrow.Ints(items.Select(i => (int?)i).ToArray())),
        ("item_id", RawArrow.Strings(items.Select(Samples.ItemId).ToArray())),
        ("weight", RawArrow.Vectors(dim, items.SelectMany(i => Samples.Vector(i, dim)).ToArray())),
        ("bias", RawArrow.Floats(items.Select(Samples.Bias).ToArray())),
    ];

    [Fact]
    public void RoundTripsExactValuesAcrossBatches()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 9, dim: 5, batchRows: 4);

        using var r = DecoderFileReader.Open(path, expectedDimension: 5);
        Assert.Equal(9, r.TotalRows);
        Assert.Equal(3, r.BatchCount);
        Assert.Equal(5, r.Dimension);
        Assert.Equal("decoder", r.Metadata["simcache.kind"]);
        Assert.Equal("5", r.Metadata["simcache.dimension"]);
        Assert.Equal("simcache test --seed 7", r.Metadata["simcache.command"]);
        Assert.Equal("7", r.Metadata["simcache.seed"]);
        Assert.False(r.Metadata.ContainsKey("simcache.distance"));
        int row = 0;
        while (r.ReadNextBatch() is { } b)
        {
            Assert.Equal(row, b.FirstRow);
            Assert.Equal(b.RowCount * 5, b.Weights.Length);
            Assert.Equal(b.RowCount, b.Bias.Length);
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.Equal(row, b.Items[i]);
                Assert.Equal(Samples.ItemId(row), b.ItemId(i));
                Assert.Equal(Samples.Vector(row, 5), b.Weight(i).ToArray());
                Assert.Equal(Samples.Vector(row, 5), b.Weights.Slice(i * 5, 5).ToArray());
                Assert.Equal(Samples.Bias(row), b.Bias[i]);
            }
        }
        Assert.Equal(9, row);
    }

    [Fact]
    public void ReadAllLoadsTheWholeMatrix()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 10, dim: 3, batchRows: 4);

        var d = DecoderFileReader.ReadAll(path, expectedDimension: 3);
        Assert.Equal(10, d.Items);
        Assert.Equal(3, d.Dimension);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => Samples.Vector(i, 3)).ToArray(), d.Weights);
        Assert.Equal(Enumerable.Range(0, 10).Select(Samples.Bias).ToArray(), d.Bias);
        Assert.Equal(Enumerable.Range(0, 10).Select(Samples.ItemId).ToArray(), d.ItemIds);
        Assert.Equal(Samples.Vector(7, 3), d.Row(7).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Row(10));
    }

    [Fact]
    public void ReadAllOfAnEmptyDecoderIsEmpty()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 0, dim: 4);
        var d = DecoderFileReader.ReadAll(path);
        Assert.Equal(0, d.Items);
        Assert.Equal(4, d.Dimension);
        Assert.Empty(d.Weights);
    }

    [Fact]
    public void WriterRejectsItemsOutOfOrder()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        using (var w = new DecoderFileWriter(path, 2, Samples.Prov, batchRows: 2))
        {
            Assert.Contains("expected 0", Assert.Throws<ArgumentException>(() => w.Append(1, "b", [1f, 2f], 0f)).Message);
            w.Append(0, "a", [1f, 2f], 0f);
            Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, 2f], 0f)); // repeated
            Assert.Throws<ArgumentException>(() => w.Append(2, "c", [1f, 2f], 0f)); // gap
            Assert.Throws<ArgumentException>(() => w.Append(-1, "z", [1f, 2f], 0f));
            w.Append(1, "b", [3f, 4f], 1f);
            w.Append(2, "c", [5f, 6f], 2f); // after a flushed batch the count carries on
            Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, 2f], 0f));
            Assert.Equal(3, w.RowCount);
            w.Complete();
        }
        var d = DecoderFileReader.ReadAll(path);
        Assert.Equal(["a", "b", "c"], d.ItemIds);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], d.Weights);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void WriterRejectsNonFiniteWeightsAndBias(float bad, string name)
    {
        using var dir = new TempDir();
        using var w = new DecoderFileWriter(dir.File("d.arrow"), 3, Samples.Prov);
        var ex = Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, bad, 0f], 0f));
        Assert.Contains("component 1", ex.Message);
        Assert.Contains(name, ex.Message);
        ex = Assert.Throws<ArgumentException>(() => w.Append(0, "a", [1f, 2f, 3f], bad));
        Assert.Contains("bias", ex.Message);
        Assert.Contains(name, ex.Message);
        Assert.Equal(0, w.RowCount); // nothing was half-appended
        w.Append(0, "a", [1f, 2f, 3f], 0.5f);
        Assert.Equal(1, w.RowCount);
    }

    [Fact]
    public void WriterRejectsWrongLengthAndBadDimension()
    {
        using var dir = new TempDir();
        using (var w = new DecoderFileWriter(dir.File("d.arrow"), 3, Samples.Prov))
        {
            Assert.Throws<ArgumentException>(() => w.Append(0, "a", new float[2], 0f));
            Assert.Throws<ArgumentException>(() => w.Append(0, "a", new float[4], 0f));
            Assert.Throws<ArgumentNullException>(() => w.Append(0, null!, new float[3], 0f));
            Assert.Equal(0, w.RowCount);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderFileWriter(dir.File("x.arrow"), 0, Samples.Prov));
    }

    [Fact]
    public void ReaderRefusesASkippedItemIndex()
    {
        using var dir = new TempDir();
        var path = dir.File("gap.arrow");
        WriteRaw(path, 2, [0, 1, 3, 4]);
        using (var r = DecoderFileReader.Open(path))
        {
            var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
            Assert.Equal(path, ex.Path);
            Assert.Equal(2, ex.Line);
            Assert.Contains("'item' row 2 is 3, expected 2", ex.Message);
        }
        Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path));

        var late = dir.File("late.arrow");
        WriteRaw(late, 2, [1, 2]);
        Assert.Equal(0, Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(late)).Line);

        var good = dir.File("good.arrow");
        WriteRaw(good, 2, [0, 1, 2, 3]); // the same raw path with contiguous items is accepted
        Assert.Equal(4, DecoderFileReader.ReadAll(good).Items);
    }

    [Fact]
    public void ReaderRefusesItemsRestartingInALaterBatch()
    {
        using var dir = new TempDir();
        var path = dir.File("restart.arrow");
        WriteRaw(path, 3, [0, 1], [0, 1]);
        using var r = DecoderFileReader.Open(path);
        Assert.Equal(2, r.BatchCount);
        Assert.NotNull(r.ReadNextBatch()); // each batch on its own would look fine
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("is 0, expected 2", ex.Message);

        var good = dir.File("good.arrow");
        WriteRaw(good, 3, [0, 1], [2, 3]);
        Assert.Equal(Enumerable.Range(0, 4).Select(Samples.ItemId).ToArray(), DecoderFileReader.ReadAll(good).ItemIds);
    }

    [Fact]
    public void ReaderRefusesNonFiniteBiasAndWeightAndNullBias()
    {
        using var dir = new TempDir();
        var path = dir.File("b.arrow");
        RawArrow.Write(path, RawArrow.Meta("decoder", 2, distance: null),
            ("item", RawArrow.Ints(0, 1, 2)), ("item_id", RawArrow.Strings("a", "b", "c")),
            ("weight", RawArrow.Vectors(2, 1, 2, 3, 4, 5, 6)), ("bias", RawArrow.Floats(0f, 1f, float.PositiveInfinity)));
        var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path));
        Assert.Equal(2, ex.Line);
        Assert.Contains("'bias' row 2 is +Infinity", ex.Message);

        RawArrow.Write(path, RawArrow.Meta("decoder", 2, distance: null),
            ("item", RawArrow.Ints(0, 1, 2)), ("item_id", RawArrow.Strings("a", "b", "c")),
            ("weight", RawArrow.Vectors(2, 1, 2, 3, float.NaN, 5, 6)), ("bias", RawArrow.Floats(0f, 1f, 2f)));
        ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path));
        Assert.Equal(1, ex.Line);
        Assert.Contains("'weight' row 1 component 1 is NaN", ex.Message);

        RawArrow.Write(path, RawArrow.Meta("decoder", 2, distance: null),
            ("item", RawArrow.Ints(0, 1, 2)), ("item_id", RawArrow.Strings("a", "b", "c")),
            ("weight", RawArrow.Vectors(2, 1, 2, 3, 4, 5, 6)), ("bias", new FloatArray.Builder().Append(0f).AppendNull().Append(2f).Build()));
        ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path));
        Assert.Equal(1, ex.Line);
        Assert.Contains("'bias' row 1 is null", ex.Message);
    }

    [Fact]
    public void ReaderRejectsDimensionMismatch()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 2, dim: 3);
        var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.Open(path, expectedDimension: 4));
        Assert.Contains("dimension 3, expected 4", ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path, expectedDimension: 200));
        Assert.Equal(3, DecoderFileReader.ReadAll(path, expectedDimension: 3).Dimension);

        var odd = dir.File("odd.arrow");
        RawArrow.Write(odd, RawArrow.Meta("decoder", 4, distance: null),
            ("item", RawArrow.Ints(0)), ("item_id", RawArrow.Strings("a")), ("weight", RawArrow.Vectors(3, 1, 2, 3)), ("bias", RawArrow.Floats(0f)));
        ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.Open(odd));
        Assert.Contains("column 'weight' holds vectors of 3 floats but simcache.dimension says 4", ex.Message);
    }

    [Fact]
    public void ReaderRejectsWrongKindAndMissingColumns()
    {
        using var dir = new TempDir();
        var emb = dir.File("e.arrow");
        Samples.WriteEmbeddings(emb, rows: 3, dim: 3);
        var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.Open(emb, expectedDimension: 3));
        Assert.Contains("'embeddings', expected 'decoder'", ex.Message);
        Assert.Equal(emb, ex.Path);

        var dec = dir.File("d.arrow");
        Samples.WriteDecoder(dec, rows: 3, dim: 3);
        Assert.Contains("'decoder', expected 'embeddings'", Assert.Throws<DataFormatException>(() => EmbeddingFileReader.Open(dec)).Message);

        var nobias = dir.File("nobias.arrow");
        RawArrow.Write(nobias, RawArrow.Meta("decoder", 2, distance: null),
            ("item", RawArrow.Ints(0)), ("item_id", RawArrow.Strings("a")), ("weight", RawArrow.Vectors(2, 1, 2)));
        Assert.Contains("missing column 'bias'", Assert.Throws<DataFormatException>(() => DecoderFileReader.Open(nobias)).Message);
    }

    [Fact]
    public void TruncatedDecoderGivesDataFormatException()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 23, dim: 5, batchRows: 7);
        var bytes = File.ReadAllBytes(path);
        var cut = dir.File("cut.arrow");
        foreach (int length in new[] { 3, 8, 64, bytes.Length / 2, bytes.Length - 200, bytes.Length - 10, bytes.Length - 1 })
        {
            File.WriteAllBytes(cut, bytes.AsSpan(0, length).ToArray());
            var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(cut));
            Assert.Equal(cut, ex.Path);
        }
        File.WriteAllBytes(cut, bytes);
        Assert.Equal(23, DecoderFileReader.ReadAll(cut).Items);
    }

    [Fact]
    public void InfoReportsItemsNotUsers()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Samples.WriteDecoder(path, rows: 9, dim: 4, batchRows: 4);
        var info = ArrowFileInfo.Inspect(path);
        Assert.Equal(ArrowFileKind.Decoder, info.Kind);
        Assert.Equal(9, info.Rows);
        Assert.Equal(3, info.Batches);
        Assert.Equal(4, info.Dimension);
        Assert.Null(info.Distance);
        Assert.Null(info.MinTimestamp);
        Assert.Equal(9, info.DistinctItems);
        Assert.Equal(0, info.DistinctUsers);
        Assert.Equal(["item: int32 not null", "item_id: utf8 not null", "weight: fixed_size_list<float32>[4] not null", "bias: float32 not null"],
            info.Columns.Select(c => c.ToString()));
        var text = info.ToString();
        Assert.Contains("kind:           decoder", text);
        Assert.Contains("distinct items: 9", text);
        Assert.DoesNotContain("distinct users", text);
        Assert.DoesNotContain("distance:", text);
    }

    [Fact]
    public void KindNameRoundTrips()
    {
        Assert.Equal("decoder", SimCacheArrow.KindName(ArrowFileKind.Decoder));
        Assert.Equal(ArrowFileKind.Decoder, SimCacheArrow.ParseKind("decoder"));
    }
}
