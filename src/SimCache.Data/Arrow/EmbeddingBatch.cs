using System.Text;
using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// One record batch of an embeddings file. Vectors are one contiguous span of <c>RowCount * Dimension</c>
/// floats straight from the Arrow buffer, so they can be bulk-copied into an index; user ids are decoded
/// only on request. Valid until the reader moves on or is disposed.
/// </summary>
public sealed class EmbeddingBatch
{
    private readonly Int32Array _users;
    private readonly StringArray _userIds;
    private readonly FloatArray _values;
    private readonly int _valueStart;

    internal EmbeddingBatch(long firstRow, int rowCount, int dimension, Int32Array users, StringArray userIds, FloatArray values, int valueStart)
    {
        FirstRow = firstRow;
        RowCount = rowCount;
        Dimension = dimension;
        _users = users;
        _userIds = userIds;
        _values = values;
        _valueStart = valueStart;
    }

    public long FirstRow { get; }

    public int RowCount { get; }

    public int Dimension { get; }

    public ReadOnlySpan<int> Users => _users.Values;

    /// <summary>All vectors of the batch, row-major: row <c>i</c> is <c>[i*Dimension, (i+1)*Dimension)</c>.</summary>
    public ReadOnlySpan<float> Vectors => _values.Values.Slice(_valueStart, RowCount * Dimension);

    public ReadOnlySpan<float> Vector(int row) => Vectors.Slice(checked(row * Dimension), Dimension);

    /// <summary>The original data-set id of row <paramref name="row"/> (0-based within the batch); allocates a string.</summary>
    public string UserId(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row));
        return Encoding.UTF8.GetString(_userIds.GetBytes(row));
    }
}
