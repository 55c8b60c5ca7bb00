namespace SimCache.Caching.Answers;

/// <summary>
/// Partial selection of the highest scores: O(n log k) with a binary heap kept inside the result span, no
/// allocation. Equal scores go to the lower index, so an answer list never depends on scan order.
/// </summary>
public static class TopSelect
{
    /// <summary>
    /// Writes the indices of the <paramref name="k"/> highest <paramref name="scores"/>, best first, into
    /// <paramref name="result"/>; returns how many (fewer only if there are fewer scores).
    /// </summary>
    public static int Largest(ReadOnlySpan<float> scores, int k, Span<int> result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        k = Math.Min(k, scores.Length);
        if (result.Length < k) throw new ArgumentException($"result holds {result.Length}, k is {k}", nameof(result));
        var heap = result[..k];
        int size = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (size < k)
            {
                heap[size] = i;
                SiftUp(scores, heap, size);
                size++;
            }
            else if (Better(scores, i, heap[0]))
            {
                heap[0] = i;
                SiftDown(scores, heap, 0, size);
            }
        }
        for (int end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(scores, heap, 0, end);
        }
        return size;
    }

    /// <summary>True when item a ranks before item b: higher score, or equal score and lower index.</summary>
    public static bool Better(ReadOnlySpan<float> scores, int a, int b) =>
        scores[a] > scores[b] || (scores[a] == scores[b] && a < b);

    // The heap's root is the WORST kept item.
    private static void SiftUp(ReadOnlySpan<float> s, Span<int> h, int i)
    {
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!Better(s, h[p], h[i])) break;
            (h[p], h[i]) = (h[i], h[p]);
            i = p;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> s, Span<int> h, int i, int size)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < size && Better(s, h[worst], h[l])) worst = l;
            if (r < size && Better(s, h[worst], h[r])) worst = r;
            if (worst == i) return;
            (h[worst], h[i]) = (h[i], h[worst]);
            i = worst;
        }
    }
}
