using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>
/// The direct batch reader (one reused buffer, only the wanted columns, vectors checked finite as they are read)
/// against the Arrow library's own reader: every value handed out and every error on a damaged file must be the same.
/// </summary>
public sealed class DirectReadTests
{
    private static string WriteTrace(TempDir dir, int rows, int dim, int batchRows, string name = "t.arrow")
    {
        var path = dir.File(name);
        using var w = new TraceFileWriter(path, dim, SimCacheArrow.DistanceL2, Samples.Prov, withAnswer: true, withFuture: true,
            batchRows: batchRows, withUserIds: true);
        for (int i = 0; i < rows; i++)
            w.Append(i % 3, i, 1_700_000_000L + i, Samples.Vector(i, dim), Samples.Answer(i), Samples.Future(i), $"u{i}");
        w.Complete();
        return path;
    }

    /// <summary>Everything a reader hands out, as text (float bits exact), or the error it stopped with.</summary>
    private static string Outcome(Func<TraceFileReader> open)
    {
        var text = new StringBuilder();
        try
        {
            using var r = open();
            text.Append(CultureInfo.InvariantCulture, $"{r.TotalRows} rows, {r.BatchCount} batches, d {r.Dimension}, answer {r.HasAnswer}, future {r.HasFuture}, ids {r.HasUserIds}\n");
            while (r.ReadNextBatch() is { } b)
            {
                text.Append(CultureInfo.InvariantCulture, $"batch at {b.FirstRow}: {b.RowCount}\n");
                for (int i = 0; i < b.RowCount; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{b.Users[i]} {b.Seqs[i]} {b.Timestamps[i]} {b.UserId(i)} |");
                    foreach (float x in b.Vector(i)) text.Append(' ').Append(BitConverter.SingleToInt32Bits(x));
                    text.Append(" | ").AppendJoin(',', b.Answer(i).ToArray()).Append(" | ").AppendJoin(',', b.Future(i).ToArray()).Append('\n');
                }
                text.Append(CultureInfo.InvariantCulture, $"offsets {b.AnswerOffsets.Length} {b.FutureOffsets.Length}\n");
            }
            return text.ToString();
        }
        catch (DataFormatException ex)
        {
            return $"error at line {ex.Line}: {ex.Message}";
        }
    }

    [Fact]
    public void DirectReadsHandOutWhatTheLibraryReads()
    {
        using var dir = new TempDir();
        var path = WriteTrace(dir, rows: 23, dim: 5, batchRows: 7);
        string direct = Outcome(() => TraceFileReader.Open(path));
        Assert.Equal(Outcome(() => TraceFileReader.OpenThroughLibrary(path)), direct);
        Assert.StartsWith("23 rows, 4 batches, d 5, answer True, future True, ids True", direct);
        // And the values themselves, independently of either reader.
        using var r = TraceFileReader.Open(path);
        int row = 0;
        while (r.ReadNextBatch() is { } b)
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.Equal(Samples.Vector(row, 5), b.Vector(i).ToArray());
                Assert.Equal(Samples.Answer(row), b.Answer(i).ToArray());
                Assert.Equal(Samples.Future(row), b.Future(i).ToArray());
                Assert.Equal($"u{row}", b.UserId(i));
            }
        Assert.Equal(23, row);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void GarbledFilesFailTheSameWayOnBothPaths(int seed)
    {
        using var dir = new TempDir();
        var good = File.ReadAllBytes(WriteTrace(dir, rows: 23, dim: 5, batchRows: 7, name: "good.arrow"));
        var bad = dir.File("bad.arrow");
        var rng = new Random(seed);
        int errors = 0;
        for (int trial = 0; trial < 250; trial++)
        {
            var bytes = (byte[])good.Clone();
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(bad, bytes);
            string library = Outcome(() => TraceFileReader.OpenThroughLibrary(bad));
            Assert.Equal(library, Outcome(() => TraceFileReader.Open(bad)));
            if (library.StartsWith("error", StringComparison.Ordinal)) errors++;
        }
        Assert.True(errors > 20, $"only {errors} of 250 garblings were errors");
    }

    [Theory]
    [InlineData(1400, 7, float.NaN, "NaN")]
    [InlineData(2900, 199, float.NegativeInfinity, "-Infinity")]
    [InlineData(1, 0, float.PositiveInfinity, "+Infinity")]
    public void NonFiniteFloatInALaterReadChunkIsReportedAsBefore(int badRow, int component, float value, string name)
    {
        // 1,500-row batches of 200 floats are 1.2 MB of vectors, read (and checked) in several chunks.
        using var dir = new TempDir();
        var path = dir.File("nan.arrow");
        const int dim = 200;
        using (var w = new TraceFileWriter(path, dim, SimCacheArrow.DistanceL2, Samples.Prov, withAnswer: true, withFuture: false, batchRows: 1500))
        {
            for (int i = 0; i < 3000; i++) w.Append(i, i, i, Samples.Vector(i, dim), Samples.Answer(i));
            w.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        var target = Samples.Vector(badRow, dim).AsSpan();
        var pattern = System.Runtime.InteropServices.MemoryMarshal.AsBytes(target).ToArray();
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "the vector was found in the file");
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 4 * component), value);
        File.WriteAllBytes(path, bytes);

        string direct = Outcome(() => TraceFileReader.Open(path));
        Assert.Equal(Outcome(() => TraceFileReader.OpenThroughLibrary(path)), direct);
        Assert.Equal($"error at line {badRow}: {path}:{badRow}: column 'embedding' row {badRow} component {component} is {name}; vectors must be finite", direct);
        // The columns left unread are not vetted, but the vectors always are.
        Assert.Equal(direct, Outcome(() => TraceFileReader.Open(path, columns: TraceColumns.Core)));
    }

    [Fact]
    public void OptionalColumnsCanBeLeftUnread()
    {
        using var dir = new TempDir();
        var path = WriteTrace(dir, rows: 10, dim: 4, batchRows: 3);
        using (var core = TraceFileReader.Open(path, columns: TraceColumns.Core))
        using (var all = TraceFileReader.Open(path))
        {
            Assert.False(core.HasAnswer);
            Assert.False(core.HasFuture);
            Assert.False(core.HasUserIds);
            Assert.Equal(all.TotalRows, core.TotalRows);
            while (all.ReadNextBatch() is { } a)
            {
                var c = core.ReadNextBatch()!;
                Assert.Equal(a.FirstRow, c.FirstRow);
                Assert.Equal(a.Users.ToArray(), c.Users.ToArray());
                Assert.Equal(a.Seqs.ToArray(), c.Seqs.ToArray());
                Assert.Equal(a.Timestamps.ToArray(), c.Timestamps.ToArray());
                Assert.Equal(a.Vectors.ToArray(), c.Vectors.ToArray());
                Assert.False(c.HasAnswer);
                Assert.True(c.AnswerOffsets.IsEmpty && c.FutureOffsets.IsEmpty);
                Assert.True(c.Answer(0).IsEmpty);
                Assert.Null(c.UserId(0));
            }
            Assert.Null(core.ReadNextBatch());
        }
        using var future = TraceFileReader.Open(path, columns: TraceColumns.Future);
        Assert.False(future.HasAnswer);
        Assert.True(future.HasFuture);
        int row = 0;
        while (future.ReadNextBatch() is { } b)
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.True(b.Answer(i).IsEmpty);
                Assert.Equal(Samples.Future(row), b.Future(i).ToArray());
            }
        Assert.Equal(10, row);
        // The library path honours the same choice.
        Assert.Equal(Outcome(() => TraceFileReader.OpenThroughLibrary(path, TraceColumns.Future)),
            Outcome(() => TraceFileReader.Open(path, columns: TraceColumns.Future)));
    }

    [Fact]
    public void AnUnreadColumnIsNotVetted()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var answers = new ListArray.Builder(Int32Type.Default);
        var values = (Int32Array.Builder)answers.ValueBuilder;
        answers.Append(); values.Append(5);
        answers.AppendNull();
        var columns = RawArrow.TraceColumns(2, [1f, 2f, 3f, 4f]).Append(("answer", (IArrowArray)answers.Build())).ToArray();
        RawArrow.Write(path, RawArrow.Meta("trace", 2), columns);

        using (var all = TraceFileReader.Open(path))
        {
            var ex = Assert.Throws<DataFormatException>(() => all.ReadNextBatch());
            Assert.Contains("column 'answer' row 1 is null", ex.Message);
        }
        using var core = TraceFileReader.Open(path, columns: TraceColumns.Core);
        var b = core.ReadNextBatch()!;
        Assert.Equal([3f, 4f], b.Vector(1).ToArray());
    }

    [Fact]
    public void ColumnTypesTheDirectReaderDoesNotLayOutAreReadByTheLibrary()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var note = new Time32Array.Builder(TimeUnit.Millisecond).Append(7).Append(8).Build();
        var columns = RawArrow.TraceColumns(2, [1f, 2f, 3f, float.NaN]).Append(("note", (IArrowArray)note)).ToArray();
        RawArrow.Write(path, RawArrow.Meta("trace", 2), columns);
        string direct = Outcome(() => TraceFileReader.Open(path));
        Assert.Equal(Outcome(() => TraceFileReader.OpenThroughLibrary(path)), direct);
        Assert.Contains("row 1 component 1 is NaN", direct);
    }
}
