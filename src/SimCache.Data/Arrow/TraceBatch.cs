using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// One record batch of a trace, shaped for the replay loop: every column is a span over the Arrow buffers,
/// and list columns are exposed as (offsets, values) pairs so iterating answers allocates nothing. Row
/// <c>i</c>'s answer is <c>AnswerValues[AnswerOffsets[i]..AnswerOffsets[i+1]]</c>. Valid until the reader
/// moves on or is disposed.
/// </summary>
public sealed class TraceBatch
{
    private readonly Int32Array _users;
    private readonly Int32Array _seqs;
    private readonly Int64Array _timestamps;
    private readonly FloatArray _values;
    private readonly int _valueStart;
    private readonly ListArray? _answer;
    private readonly Int32Array? _answerValues;
    private readonly ListArray? _future;
    private readonly Int32Array? _futureValues;
    private readonly StringArray? _userIds;

    internal TraceBatch(long firstRow, int rowCount, int dimension, Int32Array users, Int32Array seqs, Int64Array timestamps,
        FloatArray values, int valueStart, ListArray? answer, Int32Array? answerValues, ListArray? future, Int32Array? futureValues,
        StringArray? userIds = null)
    {
        _userIds = userIds;
        FirstRow = firstRow;
        RowCount = rowCount;
        Dimension = dimension;
        _users = users;
        _seqs = seqs;
        _timestamps = timestamps;
        _values = values;
        _valueStart = valueStart;
        _answer = answer;
        _answerValues = answerValues;
        _future = future;
        _futureValues = futureValues;
    }

    public long FirstRow { get; }

    public int RowCount { get; }

    public int Dimension { get; }

    public ReadOnlySpan<int> Users => _users.Values;

    public ReadOnlySpan<int> Seqs => _seqs.Values;

    /// <summary>Unix seconds.</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.Values;

    /// <summary>All query vectors of the batch, row-major (<c>RowCount * Dimension</c> floats).</summary>
    public ReadOnlySpan<float> Vectors => _values.Values.Slice(_valueStart, RowCount * Dimension);

    public ReadOnlySpan<float> Vector(int row) => Vectors.Slice(checked(row * Dimension), Dimension);

    public bool HasAnswer => _answer is not null;

    public bool HasFuture => _future is not null;

    /// <summary><c>RowCount + 1</c> offsets into <see cref="AnswerValues"/>; empty when the trace has no answer column.</summary>
    public ReadOnlySpan<int> AnswerOffsets => _answer is null ? default : _answer.ValueOffsets;

    public ReadOnlySpan<int> AnswerValues => _answerValues is null ? default : _answerValues.Values;

    public ReadOnlySpan<int> FutureOffsets => _future is null ? default : _future.ValueOffsets;

    public ReadOnlySpan<int> FutureValues => _futureValues is null ? default : _futureValues.Values;

    public bool HasUserIds => _userIds is not null;

    /// <summary>Row <paramref name="row"/>'s original data-set user id (null when the column is absent); allocates a string.</summary>
    public string? UserId(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row));
        return _userIds is null ? null : System.Text.Encoding.UTF8.GetString(_userIds.GetBytes(row));
    }

    /// <summary>Row <paramref name="row"/>'s answer list (empty when the column is absent).</summary>
    public ReadOnlySpan<int> Answer(int row) => Slice(AnswerOffsets, AnswerValues, row);

    /// <summary>Row <paramref name="row"/>'s future list (empty when the column is absent).</summary>
    public ReadOnlySpan<int> Future(int row) => Slice(FutureOffsets, FutureValues, row);

    private ReadOnlySpan<int> Slice(ReadOnlySpan<int> offsets, ReadOnlySpan<int> values, int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row));
        if (offsets.IsEmpty) return default;
        return values[offsets[row]..offsets[row + 1]];
    }
}
