using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;

namespace SimCache.Training.Data;

/// <summary>
/// A binary user × item interaction matrix in compressed sparse row form. Training and evaluation only ever
/// ask "which items does this user have", row by row, so CSR gives that as one contiguous sorted span per
/// user (fast membership tests by binary search, cheap dense batches) at 4 bytes per interaction, instead
/// of rereading the Arrow split or holding a dense matrix that would not fit for ML-20M, Netflix or MSD.
/// Repeated (user, item) pairs collapse to one entry: the models see implicit, binary feedback.
/// </summary>
public sealed class SparseRows
{
    private readonly int[] _offsets; // Rows + 1 entries; row r is _items[_offsets[r] .. _offsets[r + 1])
    private readonly int[] _items;

    private SparseRows(int rows, int columns, int[] offsets, int[] items)
    {
        Rows = rows;
        Columns = columns;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>Number of users (rows), including users with no entries.</summary>
    public int Rows { get; }

    /// <summary>Number of items (columns).</summary>
    public int Columns { get; }

    /// <summary>Total number of distinct (row, item) entries.</summary>
    public int NonZeros => _items.Length;

    /// <summary>The items of <paramref name="row"/>, sorted ascending, without duplicates.</summary>
    public ReadOnlySpan<int> Items(int row)
    {
        CheckRow(row);
        return _items.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
    }

    /// <summary>Number of items of <paramref name="row"/>.</summary>
    public int Count(int row)
    {
        CheckRow(row);
        return _offsets[row + 1] - _offsets[row];
    }

    /// <summary>True if <paramref name="row"/> has <paramref name="item"/> (binary search).</summary>
    public bool Contains(int row, int item) => Items(row).BinarySearch(item) >= 0;

    /// <summary>Number of rows that have at least one item.</summary>
    public int NonEmptyRows()
    {
        int n = 0;
        for (int r = 0; r < Rows; r++)
            if (_offsets[r + 1] > _offsets[r]) n++;
        return n;
    }

    /// <summary>For every item, the number of rows that have it (e.g. the item's popularity in a training split).</summary>
    public int[] ColumnCounts()
    {
        var counts = new int[Columns];
        foreach (int item in _items) counts[item]++;
        return counts;
    }

    /// <summary>
    /// Writes the given rows as a dense row-major 0/1 matrix of <c>rows.Length × Columns</c> into
    /// <paramref name="dense"/> (cleared first), so a trainer can reuse one input buffer for every batch.
    /// </summary>
    public void FillDense(ReadOnlySpan<int> rows, Span<float> dense)
    {
        long needed = (long)rows.Length * Columns;
        if (dense.Length != needed)
            throw new ArgumentException($"dense buffer has {dense.Length} entries, expected {rows.Length} rows × {Columns} columns = {needed}", nameof(dense));
        dense.Clear();
        for (int b = 0; b < rows.Length; b++)
        {
            var target = dense.Slice(b * Columns, Columns);
            foreach (int item in Items(rows[b])) target[item] = 1f;
        }
    }

    /// <summary>
    /// Builds the matrix from parallel arrays of (row, item) pairs in any order; repeated pairs are kept once.
    /// </summary>
    public static SparseRows FromPairs(int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowIds.Length != items.Length)
            throw new ArgumentException($"rowIds has {rowIds.Length} entries but items has {items.Length}");
        for (int i = 0; i < rowIds.Length; i++)
        {
            if ((uint)rowIds[i] >= (uint)rows) throw new ArgumentOutOfRangeException(nameof(rowIds), $"pair {i}: row {rowIds[i]} is outside [0, {rows})");
            if ((uint)items[i] >= (uint)columns) throw new ArgumentOutOfRangeException(nameof(items), $"pair {i}: item {items[i]} is outside [0, {columns})");
        }
        return Build(rows, columns, rowIds, items);
    }

    /// <summary>
    /// Reads split <paramref name="part"/> (<c>part.arrow</c>, e.g. "train", "test_tr", "test_te") of a prepared
    /// data set folder; the shape comes from <c>dataset.json</c> (all users × all items), so every split of one
    /// data set shares the same index space. Indices out of range are refused naming the file and row.
    /// </summary>
    public static SparseRows Load(string datasetDir, string part)
    {
        var manifest = DatasetManifest.Load(datasetDir);
        int rows = manifest.UserIds.Count, columns = manifest.ItemIds.Count;
        var path = Path.Combine(datasetDir, part + ".arrow");
        if (!File.Exists(path)) throw new DataFormatException(path, $"split '{part}' not found in the data set folder");

        using var reader = InteractionFileReader.Open(path);
        if (reader.TotalRows > Array.MaxLength)
            throw new DataFormatException(path, $"has {reader.TotalRows} rows, more than one sparse matrix can hold");
        int total = (int)reader.TotalRows;
        var userIds = new int[total];
        var itemIds = new int[total];
        int n = 0;
        foreach (var batch in reader.ReadBatches())
        {
            var u = batch.Users;
            var it = batch.Items;
            if (n + u.Length > total) throw new DataFormatException(path, $"holds more rows than its footer's {total}", batch.FirstRow);
            for (int i = 0; i < u.Length; i++)
            {
                if ((uint)u[i] >= (uint)rows)
                    throw new DataFormatException(path, $"user index {u[i]} is outside [0, {rows}) (dataset.json lists {rows} users)", batch.FirstRow + i);
                if ((uint)it[i] >= (uint)columns)
                    throw new DataFormatException(path, $"item index {it[i]} is outside [0, {columns}) (dataset.json lists {columns} items)", batch.FirstRow + i);
            }
            u.CopyTo(userIds.AsSpan(n));
            it.CopyTo(itemIds.AsSpan(n));
            n += u.Length;
        }
        if (n != total) throw new DataFormatException(path, $"holds {n} rows but its footer says {total}");
        return Build(rows, columns, userIds, itemIds);
    }

    /// <summary>Counting sort by row, then sort and deduplicate each row in place and compact.</summary>
    private static SparseRows Build(int rows, int columns, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> items)
    {
        var offsets = new int[rows + 1];
        foreach (int r in rowIds) offsets[r + 1]++;
        for (int r = 0; r < rows; r++) offsets[r + 1] += offsets[r];

        var buffer = new int[items.Length];
        var next = offsets.AsSpan(0, rows).ToArray();
        for (int i = 0; i < rowIds.Length; i++) buffer[next[rowIds[i]]++] = items[i];

        // Sort each row, drop repeats, and slide the row left over the gaps left by earlier rows' repeats.
        int write = 0;
        int start = offsets[0];
        for (int r = 0; r < rows; r++)
        {
            int end = offsets[r + 1];
            var row = buffer.AsSpan(start, end - start);
            row.Sort();
            offsets[r] = write;
            for (int i = 0; i < row.Length; i++)
                if (i == 0 || row[i] != row[i - 1]) buffer[write++] = row[i];
            start = end;
        }
        offsets[rows] = write;
        var compact = write == buffer.Length ? buffer : buffer.AsSpan(0, write).ToArray();
        return new SparseRows(rows, columns, offsets, compact);
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside [0, {Rows})");
    }
}
