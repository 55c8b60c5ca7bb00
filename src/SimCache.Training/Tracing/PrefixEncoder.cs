using System.Numerics;
using System.Runtime.InteropServices;
using SimCache.Training.Evaluation;
using SimCache.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tracing;

/// <summary>
/// Embeds a batch of trace rows (a user's first n positives each) and ranks each row's answer, without ever
/// building the dense batch × items input. The encoder's input is the L2-normalised binary row, so its first
/// layer's output is the bias plus the sum of the n weight columns of the row's items divided by √n: a few
/// hundred additions per item instead of a product over the whole catalogue, which on 20,000 items was two thirds
/// of the multiply-adds of a dense forward pass. The rest of the encoder and the decoder run as one libtorch
/// product per batch; each row's top items are then selected with the prefix's items excluded.
/// </summary>
/// <remarks>
/// Every row's result depends only on its own items and on the batch's shape, never on which thread encodes the
/// batch: the column sums run in item order on this thread, and libtorch runs single-threaded (the caller sets it),
/// so several workers can encode different batches at once and the trace stays byte-identical for any thread count.
/// </remarks>
internal sealed class PrefixEncoder
{
    private readonly IRecommenderModel _model;
    private readonly float[] _columns; // items × hidden: column i of the first layer's weight, contiguous
    private readonly float[] _bias;

    public PrefixEncoder(IRecommenderModel model)
    {
        _model = model;
        var (weight, bias) = model.EncoderInputLayer;
        Hidden = (int)weight.shape[0];
        Items = (int)weight.shape[1];
        Latent = (int)model.LatentDim;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _columns = weight.t().contiguous().data<float>().ToArray();
        _bias = bias.data<float>().ToArray();
    }

    public int Hidden { get; }

    public int Items { get; }

    public int Latent { get; }

    /// <summary>
    /// The first layer's output for the binary row with <paramref name="items"/> (distinct indices), as the dense
    /// path computes it up to float rounding: <see cref="Accumulate"/> from zero, then <see cref="Finish"/>.
    /// </summary>
    public void InputLayer(ReadOnlySpan<int> items, Span<float> output)
    {
        output.Clear();
        Accumulate(items, output);
        Finish(output, items.Length, output);
    }

    /// <summary>
    /// Adds the first layer's weight columns of <paramref name="items"/> to <paramref name="sum"/>, one after the
    /// other in the order given. A user's running sum extended by the items of the next prefix is therefore
    /// bit for bit the sum of the longer prefix computed from zero.
    /// </summary>
    public void Accumulate(ReadOnlySpan<int> items, Span<float> sum)
    {
        int h = Hidden;
        if (sum.Length != h) throw new ArgumentException($"the sum holds {sum.Length} values, the layer has {h}", nameof(sum));
        var columns = _columns.AsSpan();
        var acc = MemoryMarshal.Cast<float, Vector<float>>(sum);
        int vectorised = acc.Length * Vector<float>.Count;
        foreach (int item in items)
        {
            if ((uint)item >= (uint)Items) throw new ArgumentOutOfRangeException(nameof(items), $"item {item} is outside [0, {Items})");
            var column = columns.Slice(item * h, h);
            var c = MemoryMarshal.Cast<float, Vector<float>>(column);
            for (int j = 0; j < acc.Length; j++) acc[j] += c[j];
            for (int j = vectorised; j < h; j++) sum[j] += column[j];
        }
    }

    /// <summary>
    /// The first layer's output from the column sum of a row's <paramref name="n"/> items: sum · (1/√n) + bias, the
    /// dense path dividing the binary row by its norm √n (+1e-10, which a float ≥ 1 does not see). n = 0 gives the
    /// bias. <paramref name="output"/> may be <paramref name="sum"/> itself.
    /// </summary>
    public void Finish(ReadOnlySpan<float> sum, int n, Span<float> output)
    {
        int h = Hidden;
        if (sum.Length != h || output.Length != h) throw new ArgumentException($"the sum and the output must hold {h} values");
        float scale = n == 0 ? 0f : 1f / MathF.Sqrt(n);
        for (int j = 0; j < h; j++) output[j] = sum[j] * scale + _bias[j];
    }

    /// <summary>
    /// Embeds the rows of <paramref name="block"/>, whose first layer's outputs <see cref="EncodingBuffers.FirstLayer"/>
    /// holds (<see cref="PrefixSums"/>), into <paramref name="work"/>: <see cref="EncodingBuffers.Embeddings"/>
    /// (rows × latent), and with <paramref name="answers"/> &gt; 0 each row's top items by decoder score, its
    /// prefix's items excluded, in <see cref="EncodingBuffers.Answers"/> (rows × answers, <see cref="EncodingBuffers.AnswerCounts"/> valid each).
    /// </summary>
    public void Encode(UserHistories histories, ReadOnlySpan<TraceRow> block, int answers, EncodingBuffers work)
    {
        int count = block.Length, h = Hidden;
        if (count > work.Capacity) throw new ArgumentException($"{count} rows exceed the buffers' {work.Capacity}", nameof(block));
        using (NewDisposeScope())
        {
            var first = torch.tensor(work.FirstLayer, [work.Capacity, h]).narrow(0, 0, count);
            var mu = _model.EncodeFromInputLayer(first);
            MemoryMarshal.Cast<byte, float>(mu.contiguous().bytes).CopyTo(work.Embeddings.AsSpan(0, count * Latent));
            if (answers == 0) return;
            var sc = _model.Decode(mu);
            var scores = MemoryMarshal.Cast<byte, float>(sc.bytes);
            for (int r = 0; r < count; r++)
            {
                var prefix = histories.Items(block[r].User)[..block[r].Prefix];
                if (work.Exclude.Length < prefix.Length) work.Exclude = new int[Math.Max(prefix.Length, 2 * work.Exclude.Length)];
                var exclude = work.Exclude.AsSpan(0, prefix.Length);
                prefix.CopyTo(exclude);
                exclude.Sort();
                work.AnswerCounts[r] = RankingMetrics.TopK(scores.Slice(r * Items, Items), exclude, answers, work.Answers.AsSpan(r * answers, answers));
            }
        }
    }
}
