using System.Runtime.InteropServices;
using Apache.Arrow;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Per-batch column vetting for the readers. The Arrow library hands back arrays whose lengths, offsets and
/// buffers come straight from the file; these checks make sure every span the replay loop will index is
/// really backed by data, has no nulls and (for vectors) only finite values small enough for distances, before anyone touches it.
/// All failures are <see cref="DataFormatException"/> with the file-wide 0-based row where one is known.
/// </summary>
internal static class ArrowColumns
{
    /// <summary>
    /// User indices (the <c>user</c> column of traces and embeddings) are row numbers of the data set's user table,
    /// so each is ≥ 0; a negative one would be taken for a user no one can name, never a refusal, if let through.
    /// </summary>
    public static void CheckUserIndices(string path, ReadOnlySpan<int> users, long firstRow)
    {
        int bad = users.IndexOfAnyInRange(int.MinValue, -1);
        if (bad >= 0)
            throw new DataFormatException(path,
                $"column '{SimCacheArrow.UserColumn}' row {firstRow + bad} is {users[bad]}; user indices must be ≥ 0", firstRow + bad);
    }

    public static TArray Primitive<TArray, T>(string path, string column, IArrowArray array, int rows, long firstRow, string typeName)
        where TArray : PrimitiveArray<T> where T : struct, IEquatable<T>
    {
        if (array is not TArray typed)
            throw new DataFormatException(path, $"column '{column}' is {array.Data.DataType.Name}, expected {typeName}", firstRow);
        CheckLength(path, column, typed, rows, firstRow);
        long need = ((long)typed.Offset + typed.Length) * Marshal.SizeOf<T>();
        if (typed.ValueBuffer.Length < need)
            throw new DataFormatException(path, $"damaged column '{column}': value buffer has {typed.ValueBuffer.Length} bytes, {need} needed", firstRow);
        CheckNoNulls(path, column, typed, firstRow);
        return typed;
    }

    public static FloatArray Vectors(string path, IArrowArray array, int dimension, int rows, long firstRow, out int valueStart,
        bool knownFinite = false) =>
        Vectors(path, SimCacheArrow.EmbeddingColumn, array, dimension, rows, firstRow, out valueStart, knownFinite);

    /// <summary>
    /// Vets a FixedSizeList&lt;float32&gt; column named <paramref name="column"/>: length, no nulls, backed values, all
    /// finite and within <see cref="FiniteCheck.MagnitudeLimit"/> for the dimension — the last skipped when
    /// <paramref name="knownFinite"/> says the whole value buffer was already checked.
    /// </summary>
    public static FloatArray Vectors(string path, string column, IArrowArray array, int dimension, int rows, long firstRow, out int valueStart,
        bool knownFinite = false)
    {
        if (array is not FixedSizeListArray list)
            throw new DataFormatException(path, $"column '{column}' is {array.Data.DataType.Name}, expected fixed_size_list<float32>[{dimension}]", firstRow);
        CheckLength(path, column, list, rows, firstRow);
        CheckNoNulls(path, column, list, firstRow);
        if (list.Values is not FloatArray values)
            throw new DataFormatException(path, $"column '{column}' holds {list.Values.Data.DataType.Name} values, expected float32", firstRow);
        long needValues = ((long)list.Offset + rows) * dimension;
        if (values.Length < needValues || values.ValueBuffer.Length < ((long)values.Offset + values.Length) * sizeof(float))
            throw new DataFormatException(path, $"damaged column '{column}': {values.Length} floats for {rows} vectors of {dimension}", firstRow);
        if (values.NullCount != 0)
        {
            long at = FirstNull(values, 0, values.Length);
            throw new DataFormatException(path, at >= 0
                ? $"column '{column}' row {firstRow + at / dimension - list.Offset} component {at % dimension} is null; vectors must not contain nulls"
                : $"column '{column}' has null vector components", at >= 0 ? firstRow + at / dimension - list.Offset : firstRow);
        }
        valueStart = checked(list.Offset * dimension);
        var span = values.Values.Slice(valueStart, rows * dimension);
        int bad = knownFinite ? -1 : FiniteCheck.IndexOfOutOfRange(span, FiniteCheck.MagnitudeLimit(dimension));
        if (bad >= 0)
        {
            long row = firstRow + bad / dimension;
            throw new DataFormatException(path,
                $"column '{column}' row {row} component {bad % dimension} is {FiniteCheck.DescribeOutOfRange(span[bad], dimension)}", row);
        }
        return values;
    }

    /// <summary>Vets a list&lt;int32&gt; column; offsets index directly into the returned child array's values.</summary>
    public static (ListArray List, Int32Array Values) Int32List(string path, string column, IArrowArray array, int rows, long firstRow)
    {
        if (array is not ListArray list)
            throw new DataFormatException(path, $"column '{column}' is {array.Data.DataType.Name}, expected list<int32>", firstRow);
        CheckLength(path, column, list, rows, firstRow);
        CheckNoNulls(path, column, list, firstRow);
        if (list.Values is not Int32Array values)
            throw new DataFormatException(path, $"column '{column}' holds {list.Values.Data.DataType.Name} values, expected int32", firstRow);
        if (values.ValueBuffer.Length < ((long)values.Offset + values.Length) * sizeof(int))
            throw new DataFormatException(path, $"damaged column '{column}': value buffer too short", firstRow);
        CheckOffsets(path, column, list.ValueOffsetsBuffer, list.Offset, rows, values.Length, firstRow);
        if (values.NullCount != 0)
            throw new DataFormatException(path, $"column '{column}' has null list elements", firstRow);
        return (list, values);
    }

    public static StringArray Utf8(string path, string column, IArrowArray array, int rows, long firstRow)
    {
        if (array is not StringArray strings)
            throw new DataFormatException(path, $"column '{column}' is {array.Data.DataType.Name}, expected utf8", firstRow);
        CheckLength(path, column, strings, rows, firstRow);
        CheckNoNulls(path, column, strings, firstRow);
        var offsets = CheckOffsets(path, column, strings.ValueOffsetsBuffer, strings.Offset, rows, strings.ValueBuffer.Length, firstRow);
        if (rows > 0)
        {
            var bytes = strings.ValueBuffer.Span[offsets[0]..offsets[rows]];
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
                throw new DataFormatException(path, $"column '{column}' holds invalid UTF-8", firstRow);
        }
        return strings;
    }

    private static ReadOnlySpan<int> CheckOffsets(string path, string column, ArrowBuffer buffer, int arrayOffset, int rows, long valueCount, long firstRow)
    {
        long need = ((long)arrayOffset + rows + 1) * sizeof(int);
        if (buffer.Length < need)
            throw new DataFormatException(path, $"damaged column '{column}': offsets buffer has {buffer.Length} bytes, {need} needed", firstRow);
        var offsets = MemoryMarshal.Cast<byte, int>(buffer.Span).Slice(arrayOffset, rows + 1);
        if (offsets[0] < 0 || offsets[0] > valueCount)
            throw new DataFormatException(path, $"damaged column '{column}': first offset {offsets[0]} outside 0..{valueCount}", firstRow);
        for (int i = 0; i < rows; i++)
        {
            if (offsets[i + 1] < offsets[i] || offsets[i + 1] > valueCount)
                throw new DataFormatException(path, $"damaged column '{column}': offset {offsets[i + 1]} of row {firstRow + i} is decreasing or beyond the {valueCount} values", firstRow + i);
        }
        return offsets;
    }

    private static void CheckLength(string path, string column, IArrowArray array, int rows, long firstRow)
    {
        if (array.Length != rows || array.Offset < 0)
            throw new DataFormatException(path, $"damaged column '{column}': {array.Length} values in a batch of {rows} rows", firstRow);
    }

    private static void CheckNoNulls(string path, string column, IArrowArray array, long firstRow)
    {
        if (array.NullCount == 0) return;
        long at = FirstNull(array, 0, array.Length);
        throw new DataFormatException(path, at >= 0
                ? $"column '{column}' row {firstRow + at} is null; the column must not contain nulls"
                : $"column '{column}' declares {array.NullCount} nulls; the column must not contain nulls",
            at >= 0 ? firstRow + at : firstRow);
    }

    private static long FirstNull(IArrowArray array, int start, int count)
    {
        var bitmap = array.Data.Buffers.Length > 0 ? array.Data.Buffers[0] : ArrowBuffer.Empty;
        if (bitmap.IsEmpty) return -1;
        var bits = bitmap.Span;
        for (int i = start; i < start + count; i++)
        {
            long bit = (long)array.Offset + i;
            if (bit / 8 >= bits.Length) return -1;
            if ((bits[(int)(bit / 8)] & (1 << (int)(bit % 8))) == 0) return i;
        }
        return -1;
    }
}
