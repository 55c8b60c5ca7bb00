using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// The shared front half of every reader: vets the file structure, opens it with the Arrow library, checks
/// kind, metadata and column types, and streams record batches one at a time, turning anything the library
/// throws into a <see cref="DataFormatException"/> that names the file and the first row of the batch.
/// Batches are read by <see cref="DirectBatchReader"/> (one reused buffer, only the wanted columns) whenever
/// their layout is the plain one SimCache writes; the library reads any other batch.
/// </summary>
internal sealed class ArrowInput : IDisposable
{
    private readonly ArrowFileReader _reader;
    private readonly ArrowBatchBlock[] _blocks;
    private readonly DirectBatchReader? _direct;
    private readonly bool[] _wanted;
    private bool _directBatch;
    private RecordBatch? _current;
    private int _nextBatch;
    private long _nextRow;

    private ArrowInput(string path, ArrowFileReader reader, ArrowBatchBlock[] blocks, DirectBatchReader? direct, Schema schema, ArrowFileKind kind)
    {
        Path = path;
        _reader = reader;
        _blocks = blocks;
        _direct = direct;
        _wanted = Enumerable.Repeat(true, schema.FieldsList.Count).ToArray();
        Schema = schema;
        Kind = kind;
        TotalRows = blocks.Sum(b => b.Rows);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (schema.HasMetadata)
            foreach (var kv in schema.Metadata) meta[kv.Key] = kv.Value;
        Metadata = meta;
    }

    public string Path { get; }
    public Schema Schema { get; }
    public ArrowFileKind Kind { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public long TotalRows { get; }
    public int BatchCount => _blocks.Length;

    /// <summary>
    /// Opens and vets <paramref name="path"/>; <paramref name="expected"/> null accepts any SimCache kind.
    /// <paramref name="direct"/> false leaves every batch to the library (tests compare the two paths).
    /// </summary>
    public static ArrowInput Open(string path, ArrowFileKind? expected, bool direct = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream fs;
        try
        {
            fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "file not found", inner: ex);
        }
        try
        {
            ArrowBatchBlock[] blocks;
            ArrowFileReader reader;
            Schema schema;
            try
            {
                blocks = ArrowFileGuard.Scan(fs);
                fs.Position = 0;
                reader = new ArrowFileReader(fs, leaveOpen: false);
            }
            catch (Exception ex) when (ex is not DataFormatException)
            {
                throw new DataFormatException(path, Describe(ex), inner: ex);
            }
            try
            {
                schema = reader.Schema;
            }
            catch (Exception ex) when (ex is not DataFormatException)
            {
                reader.Dispose();
                throw new DataFormatException(path, "damaged Arrow file: cannot read the schema (" + Describe(ex) + ")", inner: ex);
            }
            var kind = CheckKind(path, schema, expected);
            var input = new ArrowInput(path, reader, blocks, direct ? DirectBatchReader.For(fs.SafeFileHandle, schema) : null, schema, kind);
            return input;
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    private static ArrowFileKind CheckKind(string path, Schema schema, ArrowFileKind? expected)
    {
        string? name = null;
        if (schema.HasMetadata) schema.Metadata.TryGetValue(SimCacheArrow.KindKey, out name);
        if (name is null)
            throw new DataFormatException(path, $"not a SimCache Arrow file: schema metadata has no '{SimCacheArrow.KindKey}'"
                + (expected is { } e ? $" (expected '{SimCacheArrow.KindName(e)}')" : ""));
        var kind = SimCacheArrow.ParseKind(name)
            ?? throw new DataFormatException(path, $"unknown {SimCacheArrow.KindKey} '{name}', expected interactions, embeddings, trace or decoder");
        if (expected is { } exp && kind != exp)
            throw new DataFormatException(path, $"{SimCacheArrow.KindKey} is '{name}', expected '{SimCacheArrow.KindName(exp)}'");
        return kind;
    }

    /// <summary>Index of a required column of the given type; a clear error when missing or mistyped.</summary>
    public int RequireColumn(string name, Func<IArrowType, bool> isExpected, string expectedType)
    {
        int index = FindColumn(name);
        if (index < 0)
            throw new DataFormatException(Path, $"missing column '{name}' ({expectedType}); the file has: {ColumnList()}");
        CheckType(index, isExpected, expectedType);
        return index;
    }

    /// <summary>Index of an optional column (-1 when absent); a clear error when present but mistyped.</summary>
    public int OptionalColumn(string name, Func<IArrowType, bool> isExpected, string expectedType)
    {
        int index = FindColumn(name);
        if (index >= 0) CheckType(index, isExpected, expectedType);
        return index;
    }

    private int FindColumn(string name)
    {
        var fields = Schema.FieldsList;
        for (int i = 0; i < fields.Count; i++)
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private void CheckType(int index, Func<IArrowType, bool> isExpected, string expectedType)
    {
        var field = Schema.FieldsList[index];
        if (!isExpected(field.DataType))
            throw new DataFormatException(Path, $"column '{field.Name}' has type {SimCacheArrow.TypeText(field.DataType)}, expected {expectedType}");
    }

    private string ColumnList() => string.Join(", ", Schema.FieldsList.Select(f => $"{f.Name} {SimCacheArrow.TypeText(f.DataType)}"));

    /// <summary>
    /// The vector dimension, checked three ways: metadata present and positive, equal to the FixedSizeList
    /// size of the vector column (<c>embedding</c>, or <c>weight</c> in a decoder), and equal to what the caller expects.
    /// </summary>
    public int CheckDimension(int vectorColumn, int? expectedDimension)
    {
        if (!Metadata.TryGetValue(SimCacheArrow.DimensionKey, out var text))
            throw new DataFormatException(Path, $"schema metadata has no '{SimCacheArrow.DimensionKey}'");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int dim) || dim <= 0)
            throw new DataFormatException(Path, $"{SimCacheArrow.DimensionKey} is '{text}', expected a positive integer");
        var field = Schema.FieldsList[vectorColumn];
        int listSize = ((FixedSizeListType)field.DataType).ListSize;
        if (listSize != dim)
            throw new DataFormatException(Path, $"column '{field.Name}' holds vectors of {listSize} floats but {SimCacheArrow.DimensionKey} says {dim}");
        if (expectedDimension is { } exp && exp != dim)
            throw new DataFormatException(Path, $"vectors have dimension {dim}, expected {exp}");
        return dim;
    }

    public string CheckDistance()
    {
        if (!Metadata.TryGetValue(SimCacheArrow.DistanceKey, out var d))
            throw new DataFormatException(Path, $"schema metadata has no '{SimCacheArrow.DistanceKey}'");
        if (!SimCacheArrow.IsKnownDistance(d))
            throw new DataFormatException(Path, $"{SimCacheArrow.DistanceKey} is '{d}', expected '{SimCacheArrow.DistanceL2}' or '{SimCacheArrow.DistanceCosine}'");
        return d;
    }

    /// <summary>
    /// Leaves column <paramref name="index"/> unread from now on: the direct reader neither reads nor vets its
    /// buffers (its slot in the batch is a placeholder), so a caller that never looks at a column pays nothing for it.
    /// </summary>
    public void SkipColumn(int index) => _wanted[index] = false;

    /// <summary>
    /// Reads the next batch (disposing the previous one), or null at the end. <paramref name="firstRow"/> is the
    /// file-wide 0-based index of its first row.
    /// </summary>
    public RecordBatch? ReadNext(out long firstRow)
    {
        _current?.Dispose();
        _current = null;
        firstRow = _nextRow;
        if (_nextBatch >= _blocks.Length) return null;
        RecordBatch? batch;
        try
        {
            _directBatch = false;
            batch = _direct?.TryRead(_blocks[_nextBatch], _wanted);
            _directBatch = batch is not null;
            batch ??= _direct is null ? _reader.ReadNextRecordBatch() : LibraryBatch(_nextBatch);
        }
        catch (Exception ex) when (ex is not DataFormatException)
        {
            throw new DataFormatException(Path, $"damaged record batch {_nextBatch}: {Describe(ex)}", firstRow, ex);
        }
        if (batch is null)
            throw new DataFormatException(Path, $"record batch {_nextBatch} listed in the footer could not be read", firstRow);
        _current = batch;
        long expectedRows = _blocks[_nextBatch].Rows;
        if (batch.Length != expectedRows || batch.ColumnCount != Schema.FieldsList.Count)
            throw new DataFormatException(Path, $"damaged record batch {_nextBatch}: {batch.Length} rows and {batch.ColumnCount} columns, expected {expectedRows} rows and {Schema.FieldsList.Count} columns", firstRow);
        _nextBatch++;
        _nextRow += batch.Length;
        return batch;
    }

    /// <summary>
    /// True when column <paramref name="index"/>'s vector floats in the current batch were all checked finite as
    /// they were read (see <see cref="DirectBatchReader.KnownFinite"/>); false means the caller must check.
    /// </summary>
    public bool KnownFinite(int index) => _directBatch && _direct!.KnownFinite(index);

    /// <summary>
    /// Batch <paramref name="index"/> read by the library, for a batch the direct reader leaves to it. The library
    /// reads by index only asynchronously; on a FileStream opened for synchronous reads this completes inline.
    /// </summary>
    private RecordBatch? LibraryBatch(int index) => _reader.ReadRecordBatchAsync(index).AsTask().GetAwaiter().GetResult();

    public static string Describe(Exception ex) => ex switch
    {
        InvalidDataException => ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        _reader.Dispose();
    }
}
