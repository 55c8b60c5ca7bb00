using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Writes the trained model's output layer (decoder weight matrix, items × latent, and its bias) so later
/// stages can rank items for any latent point as softmax of <c>W z + b</c> without the training stack.
/// One row per item: dense index, the data set's original id, the weight row as a FixedSizeList&lt;float32&gt;
/// and the bias. Rows must come in item order 0, 1, 2, … so that row <c>i</c> of the file is row <c>i</c> of
/// the matrix; anything else, a wrong-length row or a non-finite value is an <see cref="ArgumentException"/>
/// (a producer bug, raised before anything reaches the file). No <c>simcache.distance</c> is written: the
/// decoder is scored by inner product, not compared by a distance. A decoder deeper than its output layer
/// passes its <see cref="DecoderInputLayer"/> (latent → rows' input), written once into the schema metadata.
/// </summary>
public sealed class DecoderFileWriter : BatchFileWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Schema _schema;
    private readonly FixedSizeListType _weightType;
    private readonly int _batchRows;
    private readonly int _dimension;
    private readonly ColumnBuffer<int> _items;
    private readonly ColumnBuffer<int> _idOffsets;
    private readonly ColumnBuffer<byte> _idBytes;
    private readonly ColumnBuffer<float> _weights;
    private readonly ColumnBuffer<float> _bias;

    public DecoderFileWriter(string path, int dimension, Provenance prov,
        IReadOnlyDictionary<string, string>? extra = null, int batchRows = 65536, DecoderInputLayer? inputLayer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (inputLayer is not null)
        {
            if (inputLayer.Width != dimension)
                throw new ArgumentException($"the input layer has {inputLayer.Width} units, the item rows {dimension} weights", nameof(inputLayer));
            if (extra is not null && extra.Keys.Any(DecoderInputLayer.IsLayerKey))
                throw new ArgumentException("give the input layer as inputLayer, not as metadata", nameof(extra));
            var merged = extra is null ? new Dictionary<string, string>() : new Dictionary<string, string>(extra);
            inputLayer.AddTo(merged);
            extra = merged;
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _batchRows = batchRows;
        _dimension = dimension;
        var weightField = SimCacheArrow.VectorField(dimension, SimCacheArrow.WeightColumn);
        _weightType = (FixedSizeListType)weightField.DataType;
        _schema = new Schema(
            [
                SimCacheArrow.Int32Field(SimCacheArrow.ItemColumn),
                new Field(SimCacheArrow.ItemIdColumn, StringType.Default, nullable: false),
                weightField,
                SimCacheArrow.FloatField(SimCacheArrow.BiasColumn),
            ],
            SimCacheArrow.BuildMetadata(ArrowFileKind.Decoder, dimension, distance: null, prov, extra));
        int initial = Math.Min(batchRows, 4096);
        _items = new ColumnBuffer<int>(initial);
        _idOffsets = new ColumnBuffer<int>(initial + 1);
        _idOffsets.Append(0);
        _idBytes = new ColumnBuffer<byte>(initial * 8);
        _weights = new ColumnBuffer<float>(initial * dimension);
        _bias = new ColumnBuffer<float>(initial);
        Open(path, _schema);
    }

    /// <summary>The latent size: length of every weight row.</summary>
    public int Dimension => _dimension;

    /// <summary>Appends item <paramref name="item"/>, which must equal <see cref="BatchFileWriter.RowCount"/> (items in order from 0).</summary>
    public void Append(int item, string itemId, ReadOnlySpan<float> weights, float bias)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(itemId);
        if (item != RowCount)
            throw new ArgumentException($"row {RowCount}: item {item} out of order; decoder rows must be appended as items 0, 1, 2, … (expected {RowCount})", nameof(item));
        VectorRows.Check(weights, _dimension, RowCount, nameof(weights));
        if (!float.IsFinite(bias))
            throw new ArgumentException($"row {RowCount}: bias is {FiniteCheck.Describe(bias)}; it must be finite", nameof(bias));
        int byteCount = StrictUtf8.GetByteCount(itemId); // throws on lone surrogates before anything is appended
        StrictUtf8.GetBytes(itemId, _idBytes.Extend(byteCount));
        _idOffsets.Append(_idBytes.Count);
        _items.Append(item);
        _weights.Append(weights);
        _bias.Append(bias);
        RowCount++;
        if (_items.Count >= _batchRows) Flush();
    }

    private protected override int PendingRows => _items.Count;

    private protected override void Flush()
    {
        int n = _items.Count;
        var values = new FloatArray(_weights.ToArrowBuffer(), ArrowBuffer.Empty, n * _dimension, 0, 0);
        using var batch = new RecordBatch(_schema,
            [
                new Int32Array(_items.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
                new StringArray(n, _idOffsets.ToArrowBuffer(), _idBytes.ToArrowBuffer(), ArrowBuffer.Empty, 0, 0),
                new FixedSizeListArray(_weightType, n, values, ArrowBuffer.Empty, 0, 0),
                new FloatArray(_bias.ToArrowBuffer(), ArrowBuffer.Empty, n, 0, 0),
            ], n);
        Write(batch);
        _items.Clear();
        _idOffsets.Clear();
        _idOffsets.Append(0);
        _idBytes.Clear();
        _weights.Clear();
        _bias.Clear();
    }

    private protected override void ReleaseBuffers()
    {
        _items.Dispose();
        _idOffsets.Dispose();
        _idBytes.Dispose();
        _weights.Dispose();
        _bias.Dispose();
    }
}
