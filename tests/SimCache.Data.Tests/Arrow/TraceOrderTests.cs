using Apache.Arrow;
using Apache.Arrow.Ipc;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>A trace's rows are in time order and name users by a non-negative index; the reader and writer hold every trace to it.</summary>
public sealed class TraceOrderTests
{
    [Fact]
    public void RefusesTimestampsOutOfOrder()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var columns = RawArrow.TraceColumns(2, new float[10]);
        columns[2] = ("timestamp", RawArrow.Longs(5, 7, 7, 6, 9));
        RawArrow.Write(path, RawArrow.Meta("trace", 2), columns);
        using var r = TraceFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(3, ex.Line);
        Assert.Contains("'timestamp' row 3 is 6, earlier than the row before (7)", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void RefusesTimestampsOutOfOrderAcrossBatches()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var first = RawArrow.TraceColumns(2, new float[4]);
        first[2] = ("timestamp", RawArrow.Longs(10, 20));
        var second = RawArrow.TraceColumns(2, new float[4]);
        second[2] = ("timestamp", RawArrow.Longs(19, 30));
        var schema = new Schema(first.Select(c => new Field(c.Item1, c.Item2.Data.DataType, nullable: true)), RawArrow.Meta("trace", 2));
        using (var fs = File.Create(path))
        using (var w = new ArrowFileWriter(fs, schema))
        {
            w.WriteRecordBatch(new RecordBatch(schema, first.Select(c => c.Item2), 2));
            w.WriteRecordBatch(new RecordBatch(schema, second.Select(c => c.Item2), 2));
            w.WriteEnd();
        }
        using var r = TraceFileReader.Open(path);
        Assert.NotNull(r.ReadNextBatch());
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(2, ex.Line);
        Assert.Contains("row 2 is 19, earlier than the row before (20)", ex.Message);
    }

    [Fact]
    public void AcceptsEqualTimestamps()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var columns = RawArrow.TraceColumns(2, new float[6]);
        columns[2] = ("timestamp", RawArrow.Longs(4, 4, 4));
        RawArrow.Write(path, RawArrow.Meta("trace", 2), columns);
        using var r = TraceFileReader.Open(path);
        Assert.Equal(3, r.ReadNextBatch()!.RowCount);
    }

    [Fact]
    public void RefusesNegativeUser()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var columns = RawArrow.TraceColumns(2, new float[6]);
        columns[0] = ("user", RawArrow.Ints(0, -3, 1));
        RawArrow.Write(path, RawArrow.Meta("trace", 2), columns);
        using var r = TraceFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(1, ex.Line);
        Assert.Contains("'user' row 1 is -3", ex.Message);
    }

    [Fact]
    public void RefusesANegativeItemInAnAnswerNamingItsRow()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        using (var w = new TraceFileWriter(path, 2, "l2", Samples.Prov, withAnswer: true, withFuture: false, batchRows: 4))
        {
            for (int i = 0; i < 8; i++)
            {
                int[] answer = i switch { 4 => [], 5 => [50, 51, -7], _ => [i * 10] };
                w.Append(i % 3, i, 100 + i, [1f, 2f], answer);
            }
            w.Complete();
        }
        using var r = TraceFileReader.Open(path);
        Assert.Equal(4, r.ReadNextBatch()!.RowCount); // rows 0–3 are sound
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(5, ex.Line); // the second batch's second row: row 4's empty answer does not shift it
        Assert.Contains("column 'answer' row 5 names item -7", ex.Message);
        Assert.Contains(path, ex.Message);
        // Without the answer column the rows are read as they are.
        using var core = TraceFileReader.Open(path, columns: TraceColumns.Core);
        Assert.Equal(8, core.ReadBatches().Sum(b => b.RowCount));
    }

    [Fact]
    public void WriterRefusesNegativeUserAndTimeGoingBack()
    {
        using var dir = new TempDir();
        using var w = new TraceFileWriter(dir.File("t.arrow"), 2, "l2", Samples.Prov, withAnswer: false, withFuture: false);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Append(-1, 0, 0, [1f, 2f]));
        w.Append(0, 0, 100, [1f, 2f]);
        var ex = Assert.Throws<ArgumentException>(() => w.Append(0, 1, 99, [1f, 2f]));
        Assert.Contains("timestamp 99", ex.Message);
    }
}
