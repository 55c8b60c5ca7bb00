using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Writes the trained user embeddings, keyed both by dense index (what the simulator uses) and by the data
/// set's original id (what a person looking at the file recognises). Vectors are stored as a
/// FixedSizeList&lt;float32&gt; so readers get them as one contiguous block per batch. Rejects wrong-length and
/// non-finite vectors with <see cref="ArgumentException"/> (a producer bug, see <c>VectorRows</c>).
/// </summary>
public sealed class EmbeddingFileWriter : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Schema _schema;
    private readonly FixedSizeListType _vectorType;
    private readonly ArrowFileOutput _output;
    private readonly int _batchRows;
    private readonly int _dimension;
    private readonly ColumnBuffer<int> _users;
    private readonly ColumnBuffer<int> _idOffsets;
    private readonly ColumnBuffer<byte> _idBytes;
    private readonly ColumnBuffer<float> _vectors;
    private long _rows;
    private bool _disposed;

    public EmbeddingFileWriter(string path, int dimension, string distance, Provenance prov,
        IReadOnlyDictionary<string, string>? extra = null, int batchRows = 65536)
    {
        SimCacheArrow.CheckVectorSpec(dimension, distance);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _batchRows = batchRows;
        _dimension = dimension;
        var vectorField = SimCacheArrow.VectorField(dimension);
        _vectorType = (FixedSizeListType)vectorField.DataType;
        _schema = new Schema(
            [
                SimCacheArrow.Int32Field(SimCacheArrow.UserColumn),
                new Field(SimCacheArrow.UserIdColumn, StringType.Default, nullable: false),
                vectorField,
            ],
            SimCacheArrow.BuildMetadata(ArrowFileKind.Embeddings, dimension, distance, prov, extra));
        int initial = Math.Min(batchRows, 4096);
        _users = new ColumnBuffer<int>(initial);
        _idOffsets = new ColumnBuffer<int>(initial + 1);
        _idOffsets.Append(0);
        _idBytes = new ColumnBuffer<byte>(initial * 8);
        _vectors = new ColumnBuffer<float>(initial * dimension);
        _output = new ArrowFileOutput(path, _schema);
    }

    public int Dimension => _dimension;

    public long RowCount => _rows;

    public void Append(int user, string userId, ReadOnlySpan<float> vector)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(userId);
        VectorRows.Check(vector, _dimension, _rows);
        int byteCount = StrictUtf8.GetByteCount(userId); // throws on lone surrogates before anything is appended
        StrictUtf8.GetBytes(userId, _idBytes.Extend(byteCount));
        _idOffsets.Append(_idBytes.Count);
        _users.Append(user);
        _vectors.Append(vector);
        _rows++;
        if (_users.Count >= _batchRows) Flush();
    }

    public void Complete()
    {
        EnsureOpen();
        if (_users.Count > 0) Flush();
        _output.Complete();
        ReleaseBuffers();
    }

    private void Flush()
    {
        int n = _users.Count;
        var values = new FloatArray(_vectors.ToArrowBuffer(), ArrowBuffer.Empty, n * _dimension, 0, 0);
        using var batch = new RecordBatch(_schema,
            [
                new Int32Array(_users.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new StringArray(n, _idOffsets.ToArrowBuffer(), _idBytes.ToArrowBuffer(), ArrowBuffer.Empty, 0, 0),
                new FixedSizeListArray(_vectorType, n, values, ArrowBuffer.Empty, 0, 0),
            ], n);
        _output.Write(batch);
        _users.Clear();
        _idOffsets.Clear();
        _idOffsets.Append(0);
        _idBytes.Clear();
        _vectors.Clear();
    }

    private void EnsureOpen()
    {
        if (_output.IsCompleted || _disposed) throw new InvalidOperationException("the writer is completed or disposed");
    }

    private void ReleaseBuffers()
    {
        _users.Dispose();
        _idOffsets.Dispose();
        _idBytes.Dispose();
        _vectors.Dispose();
    }

    /// <summary>Without a prior <see cref="Complete"/>: deletes the temporary file; the target is not touched.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output.Dispose();
        ReleaseBuffers();
    }
}
