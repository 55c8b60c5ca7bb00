namespace SimCache.Training.Tracing;

/// <summary>
/// One worker's buffers for <see cref="PrefixEncoder.Encode"/>: batches of up to <see cref="Capacity"/> rows,
/// allocated once and reused, so encoding a trace allocates nothing per row (the scores stay in libtorch's tensor, ranked in place).
/// </summary>
internal sealed class EncodingBuffers(int capacity, PrefixEncoder encoder, int answers)
{
    public int Capacity { get; } = capacity;

    /// <summary>The first layer's output, rows × hidden.</summary>
    public float[] FirstLayer { get; } = new float[capacity * encoder.Hidden];

    /// <summary>The rows' embeddings, rows × latent.</summary>
    public float[] Embeddings { get; } = new float[capacity * encoder.Latent];

    /// <summary>Each row's answer, rows × answers; row r's first <see cref="AnswerCounts"/>[r] are valid.</summary>
    public int[] Answers { get; } = new int[capacity * answers];

    public int[] AnswerCounts { get; } = new int[capacity];

    /// <summary>A row's prefix items, sorted: the items its answer excludes. Grows to the longest prefix.</summary>
    public int[] Exclude { get; set; } = new int[256];
}
