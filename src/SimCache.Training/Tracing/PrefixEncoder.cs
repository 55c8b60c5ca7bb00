using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimCache.Data.Arrow;
using SimCache.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tracing;

/// <summary>
/// Embeds a batch of trace rows (a user's first n positives each) and ranks each row's answer, without ever
/// building the dense batch × items input. The encoder's input is the L2-normalised binary row, so its first
/// layer's output is the bias plus the sum of the n weight columns of the row's items divided by √n: a few
/// hundred additions per item instead of a product over the whole catalogue, which on 20,000 items was two thirds
/// of the multiply-adds of a dense forward pass. The rest of the encoder runs as libtorch products over groups of
/// <see cref="ScoreRows"/> rows; the decoder's output layer, most of a row's work, runs group by group against
/// tiles of <see cref="TileItems"/> items, each tile's scores ranked into a running top-k
/// (<see cref="RunningTopK"/>) while they are still in cache, the prefix's items excluded.
/// </summary>
/// <remarks>
/// Every row's result depends only on its own items and on the batch's shape, never on which thread encodes the
/// batch: the column sums run in item order on this thread, and libtorch runs single-threaded (the caller sets it),
/// so several workers can encode different batches at once and the trace stays byte-identical for any thread count.
/// Groups and tiles are the product shapes libtorch's single-threaded matrix product ran fastest at on a 2-core
/// AMD EPYC (Zen 4): 512 rows × 200 against 1,024 items reached about 45–48 G multiply-adds/s, the whole batch of
/// 2,048 rows against all 20,000 items about 28 with its output preallocated and 21 as a fresh tensor; one tile's
/// scores (2 MB) stay in cache while they are ranked. 256 × 2,048 was within a few per cent.
/// </remarks>
internal sealed class PrefixEncoder : IDisposable
{
    /// <summary>Rows encoded and scored together.</summary>
    public const int DefaultScoreRows = 512;

    /// <summary>Items scored together (a multiple of any vector width).</summary>
    public const int DefaultTileItems = 1024;

    private readonly IRecommenderModel _model;
    private readonly float[] _columns; // items × hidden: column i of the first layer's weight, contiguous
    private readonly float[] _bias;
    private readonly Tensor[] _biasTiles; // per tile: the output layer's bias of its items (a view)
    private readonly Tensor[] _tiles;     // per tile: the output layer's weight rows of its items, transposed (a view)
    private readonly (Tensor Weight, Tensor Bias)? _decoderHidden; // the layer before the output layer (tanh), if any

    public PrefixEncoder(IRecommenderModel model, int scoreRows = DefaultScoreRows, int tileItems = DefaultTileItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scoreRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileItems, 1);
        _model = model;
        var (weight, bias) = model.EncoderInputLayer;
        Hidden = (int)weight.shape[0];
        Items = (int)weight.shape[1];
        Latent = (int)model.LatentDim;
        ScoreRows = scoreRows;
        TileItems = tileItems;
        using var noGrad = no_grad();
        using (NewDisposeScope())
        {
            _columns = TensorSpans.Floats(weight.detach().t().contiguous()).ToArray(); // one copy, not the accessor's element by element
            _bias = TensorSpans.Floats(bias.detach().contiguous()).ToArray();
        }
        var (outWeight, outBias) = model.OutputLayer;
        if (outWeight.shape[0] != Items) throw new ArgumentException($"the output layer scores {outWeight.shape[0]} items, the encoder reads {Items}", nameof(model));
        if (!model.DecoderIsLinear)
        {
            var (w, b, activation) = model.InputLayer ?? throw new ArgumentException("a decoder that is not linear must name its input layer", nameof(model));
            if (activation != DecoderInputLayer.Tanh) throw new ArgumentException($"decoder activation '{activation}' is not supported", nameof(model));
            _decoderHidden = (w.detach(), b.detach());
        }
        using var weightView = outWeight.detach();
        using var biasView = outBias.detach();
        _tiles = new Tensor[(Items + tileItems - 1) / tileItems];
        _biasTiles = new Tensor[_tiles.Length];
        for (int t = 0; t < _tiles.Length; t++)
        {
            int width = Math.Min(tileItems, Items - t * tileItems);
            using var rows = weightView.narrow(0, (long)t * tileItems, width);
            _tiles[t] = rows.t();
            _biasTiles[t] = biasView.narrow(0, (long)t * tileItems, width);
        }
    }

    public int Hidden { get; }

    public int Items { get; }

    public int Latent { get; }

    /// <summary>Rows encoded and scored together (the last group of a batch may be smaller).</summary>
    public int ScoreRows { get; }

    /// <summary>Items scored together (the last tile may be smaller).</summary>
    public int TileItems { get; }

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first batch: no unoptimised first tier
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
        int count = block.Length;
        if (count > work.Capacity) throw new ArgumentException($"{count} rows exceed the buffers' {work.Capacity}", nameof(block));
        if (answers > 0 && work.TopK.K != answers) throw new ArgumentException($"the buffers keep {work.TopK.K} answers, not {answers}", nameof(answers));
        using var noGrad = no_grad();
        for (int start = 0; start < count; start += ScoreRows)
        {
            int rows = Math.Min(ScoreRows, count - start);
            using var scope = NewDisposeScope();
            var mu = _model.EncodeFromInputLayer(work.FirstLayerTensor.narrow(0, start, rows)).contiguous();
            TensorSpans.Floats(mu).CopyTo(work.Embeddings.AsSpan(start * Latent, rows * Latent));
            if (answers == 0) continue;
            var x = _decoderHidden is { } hidden ? nn.functional.linear(mu, hidden.Weight, hidden.Bias).tanh_() : mu;
            Rank(histories, block.Slice(start, rows), x, answers, work, start);
        }
    }

    /// <summary>Ranks one group's answers: scores tile by tile (the output layer: bias, plus the product), each tile into the running top-k.</summary>
    private void Rank(UserHistories histories, ReadOnlySpan<TraceRow> group, Tensor x, int answers, EncodingBuffers work, int first)
    {
        int rows = group.Length, words = RunningTopK.Words(Items);
        var excluded = work.Excluded.AsSpan(0, rows * words);
        excluded.Clear(); // here, not after ranking: a group that failed half-way leaves no stale bits behind
        for (int r = 0; r < rows; r++)
        {
            var set = excluded.Slice(r * words, words);
            foreach (int item in histories.Items(group[r].User)[..group[r].Prefix]) set[item >> 6] |= 1UL << (item & 63);
        }

        var top = work.TopK;
        top.Reset(rows);
        for (int t = 0; t < _tiles.Length; t++)
        {
            int firstItem = t * TileItems, width = Math.Min(TileItems, Items - firstItem);
            using var tile = work.ScoreTile.narrow(0, 0, (long)rows * width);
            using var matrix = tile.view(rows, width);
            using (var bias = _biasTiles[t].expand(rows, width)) matrix.copy_(bias);
            matrix.addmm_(x, _tiles[t], 1f, 1f); // bias + x·Wᵀ, as the output layer computes it
            var scores = TensorSpans.Floats(tile);
            for (int r = 0; r < rows; r++)
            {
                var row = scores.Slice(r * width, width);
                top.Add(r, row, firstItem, excluded.Slice(r * words, words));
            }
        }
        for (int r = 0; r < rows; r++)
            work.AnswerCounts[first + r] = top.Drain(r, work.Answers.AsSpan((first + r) * answers, answers));
    }

    public void Dispose()
    {
        foreach (var tile in _tiles) tile.Dispose();
        foreach (var bias in _biasTiles) bias.Dispose();
        if (_decoderHidden is { } hidden)
        {
            hidden.Weight.Dispose();
            hidden.Bias.Dispose();
        }
    }
}
