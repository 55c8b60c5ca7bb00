using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams a request trace for replay, one vetted record batch at a time. Dimension, finiteness, nulls and
/// list offsets are all checked per batch before the spans are handed out, so the hot replay loop can index
/// them without its own bounds or NaN checks. User indices must be ≥ 0 and timestamps must never decrease
/// from one row to the next, in every trace: a trace is a sequence of requests in time order, the replay's
/// event order, latencies and TTL expiries are all computed from the timestamps, and a trace out of order would
/// be replayed as a different workload without a word. A trace re-timed by an arrival process is held to the
/// same rule, so a file is valid or not whatever the replay options.
/// </summary>
public sealed class TraceFileReader : BatchFileReader<TraceBatch>
{
    private readonly int _user, _seq, _timestamp, _embedding, _answer, _future, _userId;
    private long _lastTimestamp = long.MinValue;

    private TraceFileReader(ArrowInput input, int? expectedDimension, TraceColumns columns)
        : base(input)
    {
        _user = input.RequireColumn(SimCacheArrow.UserColumn, t => t is Int32Type, "int32");
        _seq = input.RequireColumn(SimCacheArrow.SeqColumn, t => t is Int32Type, "int32");
        _timestamp = input.RequireColumn(SimCacheArrow.TimestampColumn, t => t is Int64Type, "int64");
        _embedding = input.RequireColumn(SimCacheArrow.EmbeddingColumn,
            t => t is FixedSizeListType { ValueDataType: FloatType }, "fixed_size_list<float32>[dimension]");
        _answer = input.OptionalColumn(SimCacheArrow.AnswerColumn, t => t is ListType { ValueDataType: Int32Type }, "list<int32>");
        _future = input.OptionalColumn(SimCacheArrow.FutureColumn, t => t is ListType { ValueDataType: Int32Type }, "list<int32>");
        _userId = input.OptionalColumn(SimCacheArrow.UserIdColumn, t => t is StringType, "utf8");
        Dimension = input.CheckDimension(_embedding, expectedDimension);
        Distance = input.CheckDistance();
        _answer = Keep(input, _answer, columns, TraceColumns.Answer);
        _future = Keep(input, _future, columns, TraceColumns.Future);
        _userId = Keep(input, _userId, columns, TraceColumns.UserIds);
    }

    /// <summary>
    /// Opens a trace. <paramref name="columns"/> names the optional columns to read (all by default); the others
    /// are skipped as if the file lacked them (<see cref="HasAnswer"/> etc. are then false). The file's schema
    /// is vetted whole either way.
    /// </summary>
    public static TraceFileReader Open(string path, int? expectedDimension = null, TraceColumns columns = TraceColumns.All) =>
        Open(path, ArrowFileKind.Trace, input => new TraceFileReader(input, expectedDimension, columns));

    /// <summary>The same reader with every batch read by the Arrow library's own reader: the reference the direct path is tested against.</summary>
    internal static TraceFileReader OpenThroughLibrary(string path, TraceColumns columns = TraceColumns.All) =>
        Open(path, ArrowFileKind.Trace, input => new TraceFileReader(input, null, columns), direct: false);

    private static int Keep(ArrowInput input, int column, TraceColumns wanted, TraceColumns flag)
    {
        if (column < 0 || (wanted & flag) != 0) return column;
        input.SkipColumn(column);
        return -1;
    }

    public int Dimension { get; }

    public string Distance { get; }

    /// <summary>The file has an answer column and this reader reads it.</summary>
    public bool HasAnswer => _answer >= 0;

    public bool HasFuture => _future >= 0;

    public bool HasUserIds => _userId >= 0;

    private protected override TraceBatch View(RecordBatch batch, long firstRow)
    {
        string path = Input.Path;
        int rows = batch.Length;
        var users = ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.UserColumn, batch.Column(_user), rows, firstRow, "int32");
        var seqs = ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.SeqColumn, batch.Column(_seq), rows, firstRow, "int32");
        var ts = ArrowColumns.Primitive<Int64Array, long>(path, SimCacheArrow.TimestampColumn, batch.Column(_timestamp), rows, firstRow, "int64");
        ArrowColumns.CheckUserIndices(path, users.Values[..rows], firstRow);
        _lastTimestamp = CheckTimeOrder(path, ts.Values[..rows], firstRow, _lastTimestamp);
        var values = ArrowColumns.Vectors(path, batch.Column(_embedding), Dimension, rows, firstRow, out int start, Input.KnownFinite(_embedding));
        ListArray? answer = null, future = null;
        Int32Array? answerValues = null, futureValues = null;
        if (_answer >= 0)
        {
            (answer, answerValues) = ArrowColumns.Int32List(path, SimCacheArrow.AnswerColumn, batch.Column(_answer), rows, firstRow);
            CheckItems(path, SimCacheArrow.AnswerColumn, answer.ValueOffsets, answerValues.Values, rows, firstRow);
        }
        if (_future >= 0) (future, futureValues) = ArrowColumns.Int32List(path, SimCacheArrow.FutureColumn, batch.Column(_future), rows, firstRow);
        var ids = _userId >= 0 ? ArrowColumns.Utf8(path, SimCacheArrow.UserIdColumn, batch.Column(_userId), rows, firstRow) : null;
        return new TraceBatch(firstRow, rows, Dimension, users, seqs, ts, values, start, answer, answerValues, future, futureValues, ids);
    }

    /// <summary>
    /// An answer names items by their index in the model's catalogue, so every element is ≥ 0: a negative one would
    /// index before a decoder's first row, or be compared as an item no one can hold, a wrong number rather than a
    /// refusal. Checked here, so every reader of the answers (simulate with or without a decoder, sweep) refuses it alike.
    /// </summary>
    private static void CheckItems(string path, string column, ReadOnlySpan<int> offsets, ReadOnlySpan<int> values, int rows, long firstRow)
    {
        if (rows == 0) return;
        var used = values[offsets[0]..offsets[rows]];
        int bad = used.IndexOfAnyInRange(int.MinValue, -1);
        if (bad < 0) return;
        int row = 0;
        while (row < rows - 1 && offsets[0] + bad >= offsets[row + 1]) row++;
        throw new DataFormatException(path,
            $"column '{column}' row {firstRow + row} names item {used[bad]}; item indices must be ≥ 0", firstRow + row);
    }

    /// <summary>Checks that <paramref name="times"/> never decrease, starting from <paramref name="previous"/>; returns the last.</summary>
    private static long CheckTimeOrder(string path, ReadOnlySpan<long> times, long firstRow, long previous)
    {
        for (int i = 0; i < times.Length; i++)
        {
            if (times[i] < previous)
                throw new DataFormatException(path,
                    $"column '{SimCacheArrow.TimestampColumn}' row {firstRow + i} is {times[i]}, earlier than the row before ({previous}); a trace's rows must be in time order", firstRow + i);
            previous = times[i];
        }
        return previous;
    }
}
