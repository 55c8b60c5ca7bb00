using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Writes a request trace: the ordered stream of (user, query vector) the cache simulator replays, with
/// optional exact answers and future items for evaluation. The optional list columns are fixed at
/// construction and left out of the schema entirely when unused, so a trace without ground truth costs
/// nothing for it. Wrong-length, non-finite or overflowing vectors, negative users and timestamps going back
/// are <see cref="ArgumentException"/> (a producer bug), the rules <see cref="TraceFileReader"/> holds every trace to.
/// </summary>
public sealed class TraceFileWriter : BatchFileWriter
{
    private readonly Schema _schema;
    private readonly FixedSizeListType _vectorType;
    private readonly ListType? _answerType;
    private readonly ListType? _futureType;
    private readonly int _batchRows;
    private readonly int _dimension;
    private long _lastTimestamp = long.MinValue;
    private readonly ColumnBuffer<int> _users;
    private readonly ColumnBuffer<int> _seqs;
    private readonly ColumnBuffer<long> _timestamps;
    private readonly ColumnBuffer<float> _vectors;
    private readonly ColumnBuffer<int>? _answerOffsets;
    private readonly ColumnBuffer<int>? _answerValues;
    private readonly ColumnBuffer<int>? _futureOffsets;
    private readonly ColumnBuffer<int>? _futureValues;
    private readonly ColumnBuffer<int>? _idOffsets;
    private readonly ColumnBuffer<byte>? _idBytes;
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);
    public TraceFileWriter(string path, int dimension, string distance, Provenance prov, bool withAnswer, bool withFuture,
        IReadOnlyDictionary<string, string>? extra = null, int batchRows = 65536, bool withUserIds = false)
    {
        SimCacheArrow.CheckVectorSpec(dimension, distance);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _batchRows = batchRows;
        _dimension = dimension;
        var vectorField = SimCacheArrow.VectorField(dimension);
        _vectorType = (FixedSizeListType)vectorField.DataType;
        var fields = new List<Field>
        {
            SimCacheArrow.Int32Field(SimCacheArrow.UserColumn),
            SimCacheArrow.Int32Field(SimCacheArrow.SeqColumn),
            SimCacheArrow.Int64Field(SimCacheArrow.TimestampColumn),
            vectorField,
        };
        int initial = Math.Min(batchRows, 4096);
        if (withAnswer)
        {
            var f = SimCacheArrow.Int32ListField(SimCacheArrow.AnswerColumn);
            _answerType = (ListType)f.DataType;
            fields.Add(f);
            _answerOffsets = new ColumnBuffer<int>(initial + 1);
            _answerOffsets.Append(0);
            _answerValues = new ColumnBuffer<int>(initial * 4);
        }
        if (withFuture)
        {
            var f = SimCacheArrow.Int32ListField(SimCacheArrow.FutureColumn);
            _futureType = (ListType)f.DataType;
            fields.Add(f);
            _futureOffsets = new ColumnBuffer<int>(initial + 1);
            _futureOffsets.Append(0);
            _futureValues = new ColumnBuffer<int>(initial * 4);
        }
        if (withUserIds)
        {
            fields.Add(new Field(SimCacheArrow.UserIdColumn, StringType.Default, nullable: false));
            _idOffsets = new ColumnBuffer<int>(initial + 1);
            _idOffsets.Append(0);
            _idBytes = new ColumnBuffer<byte>(initial * 8);
        }
        _schema = new Schema(fields, SimCacheArrow.BuildMetadata(ArrowFileKind.Trace, dimension, distance, prov, extra));
        _users = new ColumnBuffer<int>(initial);
        _seqs = new ColumnBuffer<int>(initial);
        _timestamps = new ColumnBuffer<long>(initial);
        _vectors = new ColumnBuffer<float>(initial * dimension);
        Open(path, _schema);
    }

    public int Dimension => _dimension;

    public bool HasAnswer => _answerType is not null;

    public bool HasFuture => _futureType is not null;

    /// <summary>True if rows carry the data set's original user id next to the dense index.</summary>
    public bool HasUserIds => _idOffsets is not null;

    /// <summary>
    /// Appends one request. <paramref name="answer"/>/<paramref name="future"/> must be empty when the column
    /// was not requested at construction (silently dropping them would hide a wiring mistake).
    /// </summary>
    public void Append(int user, int seq, long timestamp, ReadOnlySpan<float> vector,
        ReadOnlySpan<int> answer = default, ReadOnlySpan<int> future = default, string? userId = null)
    {
        EnsureOpen();
        if ((_idOffsets is null) != (userId is null))
            throw new ArgumentException(_idOffsets is null ? "this trace was created without a user id column" : "this trace needs the row's user id", nameof(userId));
        VectorRows.Check(vector, _dimension, RowCount);
        if (user < 0) throw new ArgumentOutOfRangeException(nameof(user), user, $"row {RowCount}: user indices must be ≥ 0");
        if (timestamp < _lastTimestamp)
            throw new ArgumentException($"row {RowCount}: timestamp {timestamp} is earlier than the row before ({_lastTimestamp}); a trace's rows are in time order", nameof(timestamp));
        if (_answerValues is null && !answer.IsEmpty)
            throw new ArgumentException("this trace was created without an answer column", nameof(answer));
        if (_futureValues is null && !future.IsEmpty)
            throw new ArgumentException("this trace was created without a future column", nameof(future));
        if (_answerValues is not null && (long)_answerValues.Count + answer.Length > int.MaxValue)
            throw new InvalidOperationException("answer lists of one batch exceed 2^31 values; use a smaller batchRows");
        if (_futureValues is not null && (long)_futureValues.Count + future.Length > int.MaxValue)
            throw new InvalidOperationException("future lists of one batch exceed 2^31 values; use a smaller batchRows");
        if (userId is not null)
        {
            int byteCount = StrictUtf8.GetByteCount(userId); // throws on lone surrogates before anything is appended
            StrictUtf8.GetBytes(userId, _idBytes!.Extend(byteCount));
            _idOffsets!.Append(_idBytes.Count);
        }
        _users.Append(user);
        _seqs.Append(seq);
        _timestamps.Append(timestamp);
        _lastTimestamp = timestamp;
        _vectors.Append(vector);
        if (_answerValues is not null)
        {
            _answerValues.Append(answer);
            _answerOffsets!.Append(_answerValues.Count);
        }
        if (_futureValues is not null)
        {
            _futureValues.Append(future);
            _futureOffsets!.Append(_futureValues.Count);
        }
        RowCount++;
        if (_users.Count >= _batchRows) Flush();
    }

    private protected override int PendingRows => _users.Count;

    private protected override void Flush()
    {
        int n = _users.Count;
        var arrays = new List<IArrowArray>(6)
        {
            new Int32Array(_users.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
            new Int32Array(_seqs.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
            new Int64Array(_timestamps.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
            new FixedSizeListArray(_vectorType, n,
                new FloatArray(_vectors.ToArrowBuffer(), ArrowBuffer.Empty, n * _dimension, 0, 0), ArrowBuffer.Empty, 0, 0),
        };
        if (_answerType is not null)
            arrays.Add(new ListArray(_answerType, n, _answerOffsets!.ToArrowBuffer(),
                new Int32Array(_answerValues!.ToArrowBuffer(), ArrowBuffer.Empty, _answerValues.Count, 0, 0), ArrowBuffer.Empty, 0, 0));
        if (_futureType is not null)
            arrays.Add(new ListArray(_futureType, n, _futureOffsets!.ToArrowBuffer(),
                new Int32Array(_futureValues!.ToArrowBuffer(), ArrowBuffer.Empty, _futureValues.Count, 0, 0), ArrowBuffer.Empty, 0, 0));
        if (_idOffsets is not null)
            arrays.Add(new StringArray(n, _idOffsets.ToArrowBuffer(), _idBytes!.ToArrowBuffer(), ArrowBuffer.Empty, 0, 0));
        using var batch = new RecordBatch(_schema, arrays, n);
        Write(batch);
        _users.Clear();
        _seqs.Clear();
        _timestamps.Clear();
        _vectors.Clear();
        if (_answerOffsets is not null) { _answerOffsets.Clear(); _answerOffsets.Append(0); _answerValues!.Clear(); }
        if (_futureOffsets is not null) { _futureOffsets.Clear(); _futureOffsets.Append(0); _futureValues!.Clear(); }
        if (_idOffsets is not null) { _idOffsets.Clear(); _idOffsets.Append(0); _idBytes!.Clear(); }
    }

    private protected override void ReleaseBuffers()
    {
        _users.Dispose();
        _seqs.Dispose();
        _timestamps.Dispose();
        _vectors.Dispose();
        _answerOffsets?.Dispose();
        _answerValues?.Dispose();
        _futureOffsets?.Dispose();
        _futureValues?.Dispose();
        _idOffsets?.Dispose();
        _idBytes?.Dispose();
    }
}
