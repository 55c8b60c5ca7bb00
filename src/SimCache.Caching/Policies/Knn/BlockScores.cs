using System.Numerics.Tensors;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;

namespace SimCache.Caching.Policies.Knn;

/// <summary>
/// The catalogue scores of a whole lookup block at once: one blocked matrix product of the block's requests with
/// the decoder, walked in item tiles that stay in the L2 cache, instead of streaming every item's weights from
/// memory once per request (scoring is memory-bound at a few thousand items: the weights outgrow L2). Each entry
/// is <see cref="VectorKernels.DotBlock"/>'s dot product plus the bias — bit-identical to
/// <see cref="Answers.DecoderScorer.Scores"/> — so a request scored here decides exactly as one scored alone.
/// The buffer grows to the largest block and is then reused (nothing is allocated per block). With an input
/// layer the block's points are first mapped to their hidden vectors by one blocked product
/// (<see cref="Answers.DecoderScorer.MapBlock"/>, bit-identical to mapping each alone), and those are scored.
/// </summary>
internal sealed class BlockScores(DecoderWeights decoder)
{
    /// <summary>Largest block held (floats); a larger block is scored request by request.</summary>
    internal const long MaxFloats = 16L << 20;

    private const int TileBytes = 128 * 1024;
    private float[] _scores = [];
    private float[] _hidden = [];

    /// <summary>Rows of the current block (0: none).</summary>
    public int Rows { get; private set; }

    /// <summary>Scores every request of the block (row-major vectors); false, holding nothing, when it is too large.</summary>
    public bool Begin(ReadOnlySpan<float> vectors, int rows)
    {
        Rows = 0;
        int n = decoder.Items, d = decoder.Dimension;
        long need = (long)rows * n;
        if (rows <= 0 || need > MaxFloats) return false;
        if (vectors.Length != (long)rows * decoder.InputDimension)
            throw new ArgumentException($"expected {rows}×{decoder.InputDimension} floats", nameof(vectors));
        if (_scores.Length < need) _scores = new float[need];
        if (decoder.InputLayer is { } layer)
        {
            if (_hidden.Length < (long)rows * d) _hidden = new float[(long)rows * d];
            Answers.DecoderScorer.MapBlock(layer, vectors, rows, _hidden.AsSpan(0, rows * d));
            vectors = _hidden.AsSpan(0, rows * d);
        }
        int tile = Math.Max(4, TileBytes / (4 * d)) & ~3;
        for (int t0 = 0; t0 < n; t0 += tile)
        {
            int len = Math.Min(tile, n - t0);
            VectorKernels.DotBlock(vectors, rows, decoder.Weights.AsSpan(t0 * d, len * d), len, d, _scores.AsSpan(t0), n);
        }
        for (int r = 0; r < rows; r++)
        {
            var s = _scores.AsSpan(r * n, n);
            TensorPrimitives.Add(s, decoder.Bias, s); // element-wise: exact whatever the alignment
        }
        Rows = rows;
        return true;
    }

    /// <summary>The scores of block row <paramref name="row"/> (valid until the next block).</summary>
    public ReadOnlySpan<float> Row(int row) => _scores.AsSpan(row * decoder.Items, decoder.Items);

    public void End() => Rows = 0;
}
