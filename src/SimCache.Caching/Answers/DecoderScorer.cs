using System.Numerics.Tensors;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;

namespace SimCache.Caching.Answers;

/// <summary>
/// The recommender's answer for any point of the latent space, without TorchSharp: item scores
/// <c>s_i = q·w_i + b_i</c> from the trained decoder (one row per item), then the top N by score with ties to
/// the lower item index. A cache can therefore hold keys where no user stands (placed keys, k-NN objects) and
/// still serve a real recommendation list. Dots use <see cref="VectorKernels"/> (blocked for many points).
/// <para>
/// The query q is the point z itself for a decoder linear in the latent space (RecVAE), or, for a decoder with
/// an input layer (Mult-VAE), its hidden vector <c>h = act(W₁ z + b₁)</c>, computed once per point
/// (<see cref="Query"/>, or one blocked product for many points) and then scored exactly as a latent point
/// would be. Whoever searches the items by inner product (the k-NN cache's indexes) works in the space of q:
/// <see cref="QueryDimension"/>, not the trace's <see cref="Dimension"/>.
/// </para>
/// Instances keep a score and a query buffer: one instance per thread.
/// </summary>
public sealed class DecoderScorer
{
    private readonly float[] _scores;
    private readonly float[] _query;
    private readonly DecoderInputLayer? _layer;

    public DecoderScorer(DecoderWeights decoder)
    {
        Decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        _scores = new float[decoder.Items];
        _layer = decoder.InputLayer;
        _query = _layer is null ? [] : new float[decoder.Dimension];
    }

    public DecoderWeights Decoder { get; }

    public int Items => Decoder.Items;

    /// <summary>Coordinates of the points scored (the trace's latent size).</summary>
    public int Dimension => Decoder.InputDimension;

    /// <summary>Coordinates of the query vectors the item rows are dotted with (the input layer's width, if any).</summary>
    public int QueryDimension => Decoder.Dimension;

    /// <summary>True when points pass through the decoder's input layer before the item rows.</summary>
    public bool HasInputLayer => _layer is not null;

    /// <summary>
    /// The item-space query of point <paramref name="z"/>: <paramref name="z"/> itself without an input layer
    /// (nothing copied), otherwise its hidden vector written into <paramref name="buffer"/> (length ≥ <see cref="QueryDimension"/>).
    /// </summary>
    public ReadOnlySpan<float> Query(ReadOnlySpan<float> z, Span<float> buffer)
    {
        CheckPoint(z);
        if (_layer is null) return z;
        var h = buffer[..QueryDimension];
        Map(_layer, z, h);
        return h;
    }

    /// <summary>All item scores of point <paramref name="z"/> into <paramref name="scores"/> (length ≥ Items).</summary>
    public void Scores(ReadOnlySpan<float> z, Span<float> scores)
    {
        CheckPoint(z);
        QueryScores(_layer is null ? z : Query(z, _query), scores);
    }

    /// <summary>All item scores of an item-space query (<see cref="Query"/>) into <paramref name="scores"/>.</summary>
    public void QueryScores(ReadOnlySpan<float> query, Span<float> scores)
    {
        VectorKernels.DotRows(query, Decoder.Weights, Decoder.Items, Decoder.Dimension, scores);
        TensorPrimitives.Add(scores[..Decoder.Items], Decoder.Bias, scores); // element-wise: exact whatever the alignment
    }

    /// <summary>The score of one item for an item-space query, equal to its entry in <see cref="QueryScores"/>.</summary>
    public float QueryScore(ReadOnlySpan<float> query, int item) => VectorKernels.Dot(query, Decoder.Row(item)) + Decoder.Bias[item];

    /// <summary>The top <paramref name="n"/> items of point <paramref name="z"/>, best first; returns the count written.</summary>
    public int TopN(ReadOnlySpan<float> z, int n, Span<int> result)
    {
        Scores(z, _scores);
        return TopSelect.Largest(_scores, n, result);
    }

    /// <summary>
    /// The top <paramref name="n"/> items of each of <paramref name="rows"/> points (row-major in
    /// <paramref name="points"/>) into <c>result[r*n .. r*n+n)</c>: one blocked matrix product per group of points
    /// (two with an input layer), groups spread over threads. Each point's list is independent of the grouping
    /// and the thread count, and equals <see cref="TopN"/>'s.
    /// </summary>
    public void TopNBatch(ReadOnlySpan<float> points, int rows, int n, Span<int> result)
    {
        int d = Dimension, items = Items, width = QueryDimension;
        if (points.Length != (long)rows * d) throw new ArgumentException($"expected {rows}×{d} floats", nameof(points));
        n = Math.Min(n, items);
        if (result.Length < (long)rows * n) throw new ArgumentException("result is too short", nameof(result));
        const int Group = 16;
        int groups = (rows + Group - 1) / Group;
        var pts = points.ToArray();
        var res = new int[rows * n];
        var layer = _layer;
        int hidden = layer is null ? 0 : Group * width;
        Parallel.For(0, groups, () => new float[Group * items + hidden], (g, _, buffer) =>
        {
            int first = g * Group, count = Math.Min(Group, rows - first);
            ReadOnlySpan<float> queries = pts.AsSpan(first * d, count * d);
            if (layer is not null)
            {
                var h = buffer.AsSpan(Group * items, count * width);
                MapBlock(layer, queries, count, h);
                queries = h;
            }
            VectorKernels.DotBlock(queries, count, Decoder.Weights, items, width, buffer, items);
            for (int r = 0; r < count; r++)
            {
                var s = buffer.AsSpan(r * items, items);
                TensorPrimitives.Add(s, Decoder.Bias, s);
                TopSelect.Largest(s, n, res.AsSpan((first + r) * n, n));
            }
            return buffer;
        }, _ => { });
        res.CopyTo(result);
    }

    /// <summary>h = act(W₁ z + b₁) for one point; bit-identical to its row of <see cref="MapBlock"/>.</summary>
    internal static void Map(DecoderInputLayer layer, ReadOnlySpan<float> z, Span<float> h)
    {
        VectorKernels.DotRows(z, layer.Weights, layer.Width, layer.Input, h);
        Finish(layer, h);
    }

    /// <summary>The hidden vectors of <paramref name="rows"/> points (row-major) into <paramref name="hidden"/> (rows × width), one blocked product.</summary>
    internal static void MapBlock(DecoderInputLayer layer, ReadOnlySpan<float> points, int rows, Span<float> hidden)
    {
        int w = layer.Width;
        VectorKernels.DotBlock(points, rows, layer.Weights, w, layer.Input, hidden, w);
        for (int r = 0; r < rows; r++) Finish(layer, hidden.Slice(r * w, w));
    }

    /// <summary>Bias and activation of one hidden vector, always over the whole vector so every point takes the same code path.</summary>
    private static void Finish(DecoderInputLayer layer, Span<float> h)
    {
        TensorPrimitives.Add(h, layer.Bias, h);
        switch (layer.Activation)
        {
            case DecoderInputLayer.Tanh:
                TensorPrimitives.Tanh(h, h);
                break;
            default:
                throw new InvalidOperationException($"activation '{layer.Activation}' is not implemented");
        }
    }

    private void CheckPoint(ReadOnlySpan<float> z)
    {
        if (z.Length != Dimension)
            throw new ArgumentException($"point has {z.Length} coordinates, the decoder's latent size is {Dimension}", nameof(z));
    }
}
