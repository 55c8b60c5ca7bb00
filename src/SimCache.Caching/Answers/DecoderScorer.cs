using System.Numerics.Tensors;
using SimCache.Caching.Vectors;
using SimCache.Data.Arrow;

namespace SimCache.Caching.Answers;

/// <summary>
/// The recommender's answer for any point of the latent space, without TorchSharp: item scores
/// <c>s_i = z·w_i + b_i</c> from the trained decoder (one row per item), then the top N by score with ties to
/// the lower item index. A cache can therefore hold keys where no user stands (placed keys, k-NN objects) and
/// still serve a real recommendation list. Dots use <see cref="VectorKernels"/> (blocked for many points).
/// Instances keep a score buffer: one instance per thread.
/// </summary>
public sealed class DecoderScorer
{
    private readonly float[] _scores;

    public DecoderScorer(DecoderWeights decoder)
    {
        Decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        _scores = new float[decoder.Items];
    }

    public DecoderWeights Decoder { get; }

    public int Items => Decoder.Items;

    public int Dimension => Decoder.Dimension;

    /// <summary>All item scores of point <paramref name="z"/> into <paramref name="scores"/> (length ≥ Items).</summary>
    public void Scores(ReadOnlySpan<float> z, Span<float> scores)
    {
        CheckPoint(z);
        VectorKernels.DotRows(z, Decoder.Weights, Decoder.Items, Decoder.Dimension, scores);
        TensorPrimitives.Add(scores[..Decoder.Items], Decoder.Bias, scores); // element-wise: exact whatever the alignment
    }

    /// <summary>The top <paramref name="n"/> items of point <paramref name="z"/>, best first; returns the count written.</summary>
    public int TopN(ReadOnlySpan<float> z, int n, Span<int> result)
    {
        Scores(z, _scores);
        return TopSelect.Largest(_scores, n, result);
    }

    /// <summary>
    /// The top <paramref name="n"/> items of each of <paramref name="rows"/> points (row-major in
    /// <paramref name="points"/>) into <c>result[r*n .. r*n+n)</c>: one blocked matrix product per group of points,
    /// groups spread over threads. Each point's list is independent of the grouping and the thread count.
    /// </summary>
    public void TopNBatch(ReadOnlySpan<float> points, int rows, int n, Span<int> result)
    {
        int d = Dimension, items = Items;
        if (points.Length != (long)rows * d) throw new ArgumentException($"expected {rows}×{d} floats", nameof(points));
        n = Math.Min(n, items);
        if (result.Length < (long)rows * n) throw new ArgumentException("result is too short", nameof(result));
        const int Group = 16;
        int groups = (rows + Group - 1) / Group;
        var pts = points.ToArray();
        var res = new int[rows * n];
        Parallel.For(0, groups, () => new float[Group * items], (g, _, buffer) =>
        {
            int first = g * Group, count = Math.Min(Group, rows - first);
            VectorKernels.DotBlock(pts.AsSpan(first * d, count * d), count, Decoder.Weights, items, d, buffer, items);
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

    private void CheckPoint(ReadOnlySpan<float> z)
    {
        if (z.Length != Dimension)
            throw new ArgumentException($"point has {z.Length} coordinates, the decoder's latent size is {Dimension}", nameof(z));
    }
}
