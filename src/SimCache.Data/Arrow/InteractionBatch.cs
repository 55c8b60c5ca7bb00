using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// One record batch of an interactions file, as spans over the Arrow buffers (no copy). Valid until the
/// reader moves to the next batch or is disposed: training loops consume a batch and move on, so nothing
/// is kept alive longer than one batch.
/// </summary>
public sealed class InteractionBatch
{
    private readonly Int32Array _users;
    private readonly Int32Array _items;
    private readonly Int64Array _timestamps;
    private readonly FloatArray _ratings;

    internal InteractionBatch(long firstRow, int rowCount, Int32Array users, Int32Array items, Int64Array timestamps, FloatArray ratings)
    {
        FirstRow = firstRow;
        RowCount = rowCount;
        _users = users;
        _items = items;
        _timestamps = timestamps;
        _ratings = ratings;
    }

    /// <summary>File-wide 0-based index of this batch's first row.</summary>
    public long FirstRow { get; }

    public int RowCount { get; }

    public ReadOnlySpan<int> Users => _users.Values;

    public ReadOnlySpan<int> Items => _items.Values;

    /// <summary>Unix seconds.</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.Values;

    public ReadOnlySpan<float> Ratings => _ratings.Values;
}
