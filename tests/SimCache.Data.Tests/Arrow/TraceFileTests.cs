using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class TraceFileTests
{
    [Fact]
    public void RoundTripsExactValuesWithListsAcrossBatches()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 10, dim: 4, batchRows: 3);

        using var r = TraceFileReader.Open(path, expectedDimension: 4);
        Assert.True(r.HasAnswer);
        Assert.True(r.HasFuture);
        Assert.Equal(10, r.TotalRows);
        Assert.Equal(4, r.BatchCount);
        Assert.Equal("l2", r.Distance);
        int row = 0;
        foreach (var b in r.ReadBatches())
        {
            Assert.Equal(b.RowCount + 1, b.AnswerOffsets.Length);
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.Equal(row % 3, b.Users[i]);
                Assert.Equal(row, b.Seqs[i]);
                Assert.Equal(1_700_000_000L + row, b.Timestamps[i]);
                Assert.Equal(Samples.Vector(row, 4), b.Vectors.Slice(i * 4, 4).ToArray());
                Assert.Equal(Samples.Answer(row), b.Answer(i).ToArray());
                Assert.Equal(Samples.Future(row), b.Future(i).ToArray());
                Assert.Equal(Samples.Answer(row), b.AnswerValues[b.AnswerOffsets[i]..b.AnswerOffsets[i + 1]].ToArray());
            }
        }
        Assert.Equal(10, row);
        Assert.Contains(Enumerable.Range(0, 10), i => Samples.Answer(i).Length == 0); // empty lists were exercised
    }

    [Fact]
    public void AbsentListColumnsAreNotWritten()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 3, answer: false, future: false);
        var info = ArrowFileInfo.Inspect(path);
        Assert.Equal(["user", "seq", "timestamp", "embedding"], info.Columns.Select(c => c.Name));
        using var r = TraceFileReader.Open(path);
        Assert.False(r.HasAnswer);
        Assert.False(r.HasFuture);
        var b = r.ReadNextBatch()!;
        Assert.True(b.AnswerOffsets.IsEmpty);
        Assert.True(b.Answer(0).IsEmpty);
    }

    [Fact]
    public void OnlyFutureColumn()
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        Samples.WriteTrace(path, rows: 5, answer: false, future: true, batchRows: 2);
        using var r = TraceFileReader.Open(path);
        Assert.False(r.HasAnswer);
        Assert.True(r.HasFuture);
        int row = 0;
        foreach (var b in r.ReadBatches())
            for (int i = 0; i < b.RowCount; i++, row++)
                Assert.Equal(Samples.Future(row), b.Future(i).ToArray());
        Assert.Equal(5, row);
    }

    [Fact]
    public void WriterRejectsListForAbsentColumn()
    {
        using var dir = new TempDir();
        using var w = new TraceFileWriter(dir.File("t.arrow"), 2, "l2", Samples.Prov, withAnswer: false, withFuture: false);
        Assert.Throws<ArgumentException>(() => w.Append(0, 0, 0, [1f, 2f], answer: [1]));
        Assert.Throws<ArgumentException>(() => w.Append(0, 0, 0, [1f, float.NaN]));
    }
}
