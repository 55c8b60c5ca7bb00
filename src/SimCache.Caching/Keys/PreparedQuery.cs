namespace SimCache.Caching.Keys;

/// <summary>
/// A request vector in the form the store compares: unit-normalised under cosine, as given under L2, with its
/// squared norm from the canonical dot product. <see cref="BlockRow"/> is the request's row in the block passed
/// to <see cref="KeyStore.BeginBlock"/> (−1 if none), where the exact index has precomputed its candidates.
/// </summary>
public readonly ref struct PreparedQuery
{
    public PreparedQuery(ReadOnlySpan<float> vector, float norm2, int blockRow)
    {
        Vector = vector;
        Norm2 = norm2;
        BlockRow = blockRow;
    }

    public ReadOnlySpan<float> Vector { get; }

    public float Norm2 { get; }

    public int BlockRow { get; }
}
