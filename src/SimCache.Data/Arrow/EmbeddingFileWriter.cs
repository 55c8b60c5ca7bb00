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
public sealed class EmbeddingFileWriter : BatchFileWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Schema _schema;
    private readonly FixedSizeListType _vectorType;
    private readonly int _batchRows;
    private readonly int _dimension;
    private readonly ColumnBuffer<int> _users;
    private readonly ColumnBuffer<int> _idOffsets;
    private readonly ColumnBuffer<byte> _idBytes;
    private readonly ColumnBuffer<float> _vectors;
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
        Open(path, _schema);
    }

    public int Dimension => _dimension;

    public void Append(int user, string userId, ReadOnlySpan<float> vector)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(userId);
        VectorRows.Check(vector, _dimension, RowCount);
        int byteCount = StrictUtf8.GetByteCount(userId); // throws on lone surrogates before anything is appended
        StrictUtf8.GetBytes(userId, _idBytes.Extend(byteCount));
        _idOffsets.Append(_idBytes.Count);
        _users.Append(user);
        _vectors.Append(vector);
        RowCount++;
        if (_users.Count >= _batchRows) Flush();
    }

    private protected override int PendingRows => _users.Count;

    private protected override void Flush()
    {
        int n = _users.Count;
        var values = new FloatArray(_vectors.ToArrowBuffer(), ArrowBuffer.Empty, n * _dimension, 0, 0);
        using var batch = new RecordBatch(_schema,
            [
                new Int32Array(_users.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new StringArray(n, _idOffsets.ToArrowBuffer(), _idBytes.ToArrowBuffer(), ArrowBuffer.Empty, 0, 0),
                new FixedSizeListArray(_vectorType, n, values, ArrowBuffer.Empty, 0, 0),
            ], n);
        Write(batch);
        _users.Clear();
        _idOffsets.Clear();
        _idOffsets.Append(0);
        _idBytes.Clear();
        _vectors.Clear();
    }

    private protected override void ReleaseBuffers()
    {
        _users.Dispose();
        _idOffsets.Dispose();
        _idBytes.Dispose();
        _vectors.Dispose();
    }
}
