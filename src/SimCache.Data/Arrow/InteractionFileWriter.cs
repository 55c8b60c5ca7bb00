using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Writes a rating split as an Arrow file so that every later stage (and pandas/polars/DuckDB) reads the same
/// dense-index columns without re-parsing the raw data set. Rows are buffered in pooled primitive columns and
/// flushed as one record batch per <c>batchRows</c>; the file appears at its path only after
/// <see cref="BatchFileWriter.Complete"/>, and disposing without completing leaves any earlier file there untouched.
/// </summary>
public sealed class InteractionFileWriter : BatchFileWriter
{
    private readonly Schema _schema;
    private readonly int _batchRows;
    private readonly ColumnBuffer<int> _users;
    private readonly ColumnBuffer<int> _items;
    private readonly ColumnBuffer<long> _timestamps;
    private readonly ColumnBuffer<float> _ratings;

    public InteractionFileWriter(string path, Provenance prov, IReadOnlyDictionary<string, string>? extra = null, int batchRows = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _batchRows = batchRows;
        _schema = new Schema(
            [
                SimCacheArrow.Int32Field(SimCacheArrow.UserColumn),
                SimCacheArrow.Int32Field(SimCacheArrow.ItemColumn),
                SimCacheArrow.Int64Field(SimCacheArrow.TimestampColumn),
                new Field(SimCacheArrow.RatingColumn, FloatType.Default, nullable: false),
            ],
            SimCacheArrow.BuildMetadata(ArrowFileKind.Interactions, null, null, prov, extra));
        int initial = Math.Min(batchRows, 1 << 16);
        _users = new ColumnBuffer<int>(initial);
        _items = new ColumnBuffer<int>(initial);
        _timestamps = new ColumnBuffer<long>(initial);
        _ratings = new ColumnBuffer<float>(initial);
        Open(path, _schema);
    }

    public void Append(int user, int item, long timestamp, float rating)
    {
        EnsureOpen();
        _users.Append(user);
        _items.Append(item);
        _timestamps.Append(timestamp);
        _ratings.Append(rating);
        RowCount++;
        if (_users.Count >= _batchRows) Flush();
    }

    public void Append(ReadOnlySpan<int> users, ReadOnlySpan<int> items, ReadOnlySpan<long> ts, ReadOnlySpan<float> ratings)
    {
        EnsureOpen();
        if (items.Length != users.Length || ts.Length != users.Length || ratings.Length != users.Length)
            throw new ArgumentException($"column spans differ in length (users {users.Length}, items {items.Length}, timestamps {ts.Length}, ratings {ratings.Length})");
        while (!users.IsEmpty)
        {
            int n = Math.Min(users.Length, _batchRows - _users.Count);
            _users.Append(users[..n]);
            _items.Append(items[..n]);
            _timestamps.Append(ts[..n]);
            _ratings.Append(ratings[..n]);
            RowCount += n;
            users = users[n..];
            items = items[n..];
            ts = ts[n..];
            ratings = ratings[n..];
            if (_users.Count >= _batchRows) Flush();
        }
    }

    private protected override int PendingRows => _users.Count;

    private protected override void Flush()
    {
        int n = _users.Count;
        using var batch = new RecordBatch(_schema,
            [
                new Int32Array(_users.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new Int32Array(_items.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new Int64Array(_timestamps.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new FloatArray(_ratings.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
            ], n);
        Write(batch);
        _users.Clear();
        _items.Clear();
        _timestamps.Clear();
        _ratings.Clear();
    }

    private protected override void ReleaseBuffers()
    {
        _users.Dispose();
        _items.Dispose();
        _timestamps.Dispose();
        _ratings.Dispose();
    }
}
