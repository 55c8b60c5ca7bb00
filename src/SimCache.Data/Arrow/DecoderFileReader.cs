using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams a decoder file batch by batch with the same guarantees as the embeddings reader (dimension agrees
/// between FixedSizeList size, metadata and the caller; weights and biases finite; no nulls), plus one of its
/// own: the item column must run 0, 1, 2, … across the whole file, because consumers take row <c>i</c> as the
/// weights of item <c>i</c> and a gap or reordering would silently rank the wrong items. Any
/// <c>simcache.distance</c> in the metadata is ignored: it has no meaning for a decoder.
/// </summary>
public sealed class DecoderFileReader : BatchFileReader<DecoderBatch>
{
    private readonly int _item, _itemId, _weight, _bias;

    private DecoderFileReader(ArrowInput input, int? expectedDimension)
        : base(input)
    {
        _item = input.RequireColumn(SimCacheArrow.ItemColumn, t => t is Int32Type, "int32");
        _itemId = input.RequireColumn(SimCacheArrow.ItemIdColumn, t => t is StringType, "utf8");
        _weight = input.RequireColumn(SimCacheArrow.WeightColumn,
            t => t is FixedSizeListType { ValueDataType: FloatType }, "fixed_size_list<float32>[dimension]");
        _bias = input.RequireColumn(SimCacheArrow.BiasColumn, t => t is FloatType, "float32");
        Dimension = input.CheckDimension(_weight, expectedDimension);
        InputLayer = DecoderInputLayer.Read(input.Path, input.Metadata, Dimension);
    }

    public static DecoderFileReader Open(string path, int? expectedDimension = null) =>
        Open(path, ArrowFileKind.Decoder, input => new DecoderFileReader(input, expectedDimension));

    /// <summary>
    /// Reads and vets the whole file into one row-major matrix, bias vector, id list and input layer; throws
    /// <see cref="DataFormatException"/> on any problem. <paramref name="expectedDimension"/> is the size of
    /// the points the decoder must answer for (the trace's dimension): the latent size its input layer reads, or
    /// without one the length of its rows.
    /// </summary>
    public static DecoderWeights ReadAll(string path, int? expectedDimension = null)
    {
        using var r = Open(path);
        int dim = r.Dimension;
        if (expectedDimension is { } exp && exp != r.InputDimension)
            throw new DataFormatException(path, r.InputLayer is null
                ? $"vectors have dimension {dim}, expected {exp}"
                : $"the decoder's input layer reads points of dimension {r.InputDimension}, expected {exp}");
        if (r.TotalRows > int.MaxValue || r.TotalRows * dim > System.Array.MaxLength)
            throw new DataFormatException(path, $"decoder of {r.TotalRows} items × {dim} is too large to load whole");
        int items = (int)r.TotalRows;
        var weights = new float[items * dim];
        var bias = new float[items];
        var ids = new string[items];
        int at = 0;
        while (r.ReadNextBatch() is { } b)
        {
            b.Weights.CopyTo(weights.AsSpan(at * dim));
            b.Bias.Slice(0, b.RowCount).CopyTo(bias.AsSpan(at));
            for (int i = 0; i < b.RowCount; i++) ids[at + i] = b.ItemId(i);
            at += b.RowCount;
        }
        if (at != items)
            throw new DataFormatException(path, $"read {at} items, the footer lists {items}");
        return new DecoderWeights(items, dim, weights, bias, ids, r.InputLayer);
    }

    /// <summary>Length of every weight row: the latent size, or the input layer's width.</summary>
    public int Dimension { get; }

    /// <summary>The layer applied to a latent point before the rows (from the schema metadata); null when there is none.</summary>
    public DecoderInputLayer? InputLayer { get; }

    /// <summary>Coordinates of the points the decoder answers for.</summary>
    public int InputDimension => InputLayer?.Input ?? Dimension;

    private protected override DecoderBatch View(RecordBatch batch, long firstRow)
    {
        string path = Input.Path;
        int rows = batch.Length;
        var items = ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.ItemColumn, batch.Column(_item), rows, firstRow, "int32");
        var ids = ArrowColumns.Utf8(path, SimCacheArrow.ItemIdColumn, batch.Column(_itemId), rows, firstRow);
        var weights = ArrowColumns.Vectors(path, SimCacheArrow.WeightColumn, batch.Column(_weight), Dimension, rows, firstRow, out int start,
            Input.KnownFinite(_weight));
        var bias = ArrowColumns.Primitive<FloatArray, float>(path, SimCacheArrow.BiasColumn, batch.Column(_bias), rows, firstRow, "float32");

        var itemSpan = items.Values;
        for (int i = 0; i < rows; i++)
        {
            long expected = firstRow + i;
            if (itemSpan[i] != expected)
                throw new DataFormatException(path,
                    $"column '{SimCacheArrow.ItemColumn}' row {expected} is {itemSpan[i]}, expected {expected}; decoder items must run 0, 1, 2, … in order", expected);
        }
        var biasSpan = bias.Values.Slice(0, rows);
        int bad = FiniteCheck.IndexOfNonFinite(biasSpan);
        if (bad >= 0)
            throw new DataFormatException(path,
                $"column '{SimCacheArrow.BiasColumn}' row {firstRow + bad} is {FiniteCheck.Describe(biasSpan[bad])}; biases must be finite", firstRow + bad);
        return new DecoderBatch(firstRow, rows, Dimension, items, ids, weights, start, bias);
    }
}
