using System.Text;
using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// One record batch of a decoder file. Weight rows are one contiguous span of <c>RowCount * Dimension</c>
/// floats straight from the Arrow buffer, so they can be bulk-copied into the full matrix; item ids are
/// decoded only on request. Valid until the reader moves on or is disposed.
/// </summary>
public sealed class DecoderBatch
{
    private readonly Int32Array _items;
    private readonly StringArray _itemIds;
    private readonly FloatArray _weights;
    private readonly int _weightStart;
    private readonly FloatArray _bias;

    internal DecoderBatch(long firstRow, int rowCount, int dimension, Int32Array items, StringArray itemIds,
        FloatArray weights, int weightStart, FloatArray bias)
    {
        FirstRow = firstRow;
        RowCount = rowCount;
        Dimension = dimension;
        _items = items;
        _itemIds = itemIds;
        _weights = weights;
        _weightStart = weightStart;
        _bias = bias;
    }

    /// <summary>File-wide index of the first row; equal to the first row's item, since items are contiguous from 0.</summary>
    public long FirstRow { get; }

    public int RowCount { get; }

    public int Dimension { get; }

    public ReadOnlySpan<int> Items => _items.Values;

    /// <summary>All weight rows of the batch, row-major: row <c>i</c> is <c>[i*Dimension, (i+1)*Dimension)</c>.</summary>
    public ReadOnlySpan<float> Weights => _weights.Values.Slice(_weightStart, RowCount * Dimension);

    public ReadOnlySpan<float> Weight(int row) => Weights.Slice(checked(row * Dimension), Dimension);

    public ReadOnlySpan<float> Bias => _bias.Values;

    /// <summary>The original data-set id of row <paramref name="row"/> (0-based within the batch); allocates a string.</summary>
    public string ItemId(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row));
        return Encoding.UTF8.GetString(_itemIds.GetBytes(row));
    }
}
