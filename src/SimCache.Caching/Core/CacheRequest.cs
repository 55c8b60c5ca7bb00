namespace SimCache.Caching.Core;

/// <summary>
/// One request as the cache sees it: who asks, when, the query vector, the request's own answer when the trace
/// carries one (kept if the request becomes a key), and its row in the current lookup block (−1 if none; see
/// <see cref="SimilarityCache.BeginBlock"/>). A ref struct over the caller's buffers, so replaying a trace
/// builds requests straight from the Arrow batch without copying or allocating.
/// </summary>
public readonly ref struct CacheRequest
{
    public CacheRequest(int user, double time, ReadOnlySpan<float> vector, ReadOnlySpan<int> answer = default, int blockRow = -1)
    {
        User = user;
        Time = time;
        Vector = vector;
        Answer = answer;
        BlockRow = blockRow;
    }

    public int User { get; }

    /// <summary>Arrival time in seconds (admission time of a key inserted at once).</summary>
    public double Time { get; }

    public ReadOnlySpan<float> Vector { get; }

    /// <summary>The request's own top-N answer if known; empty otherwise (the decoder then computes it).</summary>
    public ReadOnlySpan<int> Answer { get; }

    /// <summary>Row of <see cref="Vector"/> in the block given to <see cref="SimilarityCache.BeginBlock"/>, or −1.</summary>
    public int BlockRow { get; }
}
