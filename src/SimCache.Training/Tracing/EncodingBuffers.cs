using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tracing;

/// <summary>
/// One worker's buffers for <see cref="PrefixEncoder.Encode"/>: batches of up to <see cref="Capacity"/> rows,
/// allocated once and reused, so encoding a trace allocates nothing per row. The first layer's outputs are written
/// straight into the tensor the encoder reads, and the decoder's scores go, one tile of items at a time, into one
/// small tensor that stays in cache while it is ranked.
/// </summary>
internal sealed class EncodingBuffers : IDisposable
{
    private readonly Tensor _firstLayer;

    public EncodingBuffers(int capacity, PrefixEncoder encoder, int answers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _firstLayer = torch.zeros([capacity, encoder.Hidden]);
        Embeddings = new float[capacity * encoder.Latent];
        Answers = new int[capacity * answers];
        AnswerCounts = new int[capacity];
        int rows = Math.Min(capacity, encoder.ScoreRows);
        ScoreTile = answers > 0 ? torch.empty([(long)rows * Math.Min(encoder.TileItems, encoder.Items)]) : torch.empty([0]);
        TopK = new RunningTopK(rows, answers);
        Excluded = new ulong[answers > 0 ? rows * RunningTopK.Words(encoder.Items) : 0];
    }

    public int Capacity { get; }

    /// <summary>The first layer's output, rows × hidden: the memory of <see cref="FirstLayerTensor"/>.</summary>
    public Span<float> FirstLayer => TensorSpans.Floats(_firstLayer);

    /// <summary><see cref="FirstLayer"/> as the tensor the encoder's later layers read (capacity × hidden).</summary>
    internal Tensor FirstLayerTensor => _firstLayer;

    /// <summary>The rows' embeddings, rows × latent.</summary>
    public float[] Embeddings { get; }

    /// <summary>Each row's answer, rows × answers; row r's first <see cref="AnswerCounts"/>[r] are valid.</summary>
    public int[] Answers { get; }

    public int[] AnswerCounts { get; }

    /// <summary>Scores of one group of rows against one tile of items (flat, viewed as rows × tile width).</summary>
    internal Tensor ScoreTile { get; }

    /// <summary>The running top-k of one group of rows across the tiles.</summary>
    internal RunningTopK TopK { get; }

    /// <summary>The items each row of a group excludes from its answer (its prefix's), a bit set over the catalogue per row.</summary>
    internal ulong[] Excluded { get; }

    public void Dispose()
    {
        _firstLayer.Dispose();
        ScoreTile.Dispose();
    }
}
