namespace SimCache.Data.Arrow;

/// <summary>
/// A whole decoder loaded into flat arrays. The decoder is small (≈20k items × 200 floats ≈ 16 MB), and the
/// cache stage scores every item for every query point as <c>W z + b</c>, so one contiguous row-major
/// matrix is what it needs rather than a stream of batches. A decoder with an <see cref="InputLayer"/> scores
/// a latent point z through it first: the rows then apply to <c>h = act(W₁ z + b₁)</c>, whose length is
/// <see cref="Dimension"/>, while the points it answers for have <see cref="InputDimension"/> coordinates.
/// </summary>
public sealed class DecoderWeights
{
    internal DecoderWeights(int items, int dimension, float[] weights, float[] bias, IReadOnlyList<string> itemIds,
        DecoderInputLayer? inputLayer = null)
    {
        if (inputLayer is not null && inputLayer.Width != dimension)
            throw new ArgumentException($"the input layer has {inputLayer.Width} units, the item rows {dimension} weights", nameof(inputLayer));
        InputLayer = inputLayer;
        Items = items;
        Dimension = dimension;
        Weights = weights;
        Bias = bias;
        ItemIds = itemIds;
    }

    /// <summary>Number of items (rows of the matrix).</summary>
    public int Items { get; }

    /// <summary>Length of every item row (columns of the matrix): the latent size, or the input layer's width.</summary>
    public int Dimension { get; }

    /// <summary>The layer applied to a latent point before the item rows; null when the rows read the point itself.</summary>
    public DecoderInputLayer? InputLayer { get; }

    /// <summary>Coordinates of the points the decoder answers for (the trace's dimension).</summary>
    public int InputDimension => InputLayer?.Input ?? Dimension;

    /// <summary>The weight matrix, row-major <c>Items × Dimension</c>: item <c>i</c> is <c>[i*Dimension, (i+1)*Dimension)</c>.</summary>
    public float[] Weights { get; }

    /// <summary>One bias per item.</summary>
    public float[] Bias { get; }

    /// <summary>The data set's original id of each item, by dense index.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>The weight row of item <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> Row(int item)
    {
        if ((uint)item >= (uint)Items) throw new ArgumentOutOfRangeException(nameof(item));
        return Weights.AsSpan(item * Dimension, Dimension);
    }
}
