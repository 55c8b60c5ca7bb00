using System.Numerics;
using System.Runtime.InteropServices;
using SimCache.Training.Evaluation;

namespace SimCache.Training.Tracing;

/// <summary>
/// A row's answer: the k best items by score, some excluded, ranked exactly as
/// <see cref="Evaluation.RankingMetrics.TopK"/> ranks them (higher score first, NaN last, ties by lower index), with a
/// vectorised pre-filter. Once k items are kept, an item can only enter if its score beats the worst kept one
/// strictly (a later item ties to a higher index, so it loses a tie), so whole vectors of scores that do not are
/// skipped with one comparison. On 20,000 items and k = 100 almost every vector is skipped, which makes the
/// selection several times faster than testing every item against the heap.
/// </summary>
internal static class AnswerSelection
{
    /// <summary>
    /// Writes the best min(k, available) items of <paramref name="scores"/> not in <paramref name="exclude"/>
    /// (sorted ascending) to <paramref name="result"/>, best first, and returns how many.
    /// </summary>
    public static int TopK(ReadOnlySpan<float> scores, ReadOnlySpan<int> exclude, int k, Span<int> result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (result.Length < k) throw new ArgumentException($"result holds {result.Length} items, k is {k}", nameof(result));
        for (int e = 0; e < exclude.Length; e++)
        {
            if ((uint)exclude[e] >= (uint)scores.Length)
                throw new ArgumentOutOfRangeException(nameof(exclude), $"excluded item {exclude[e]} is outside [0, {scores.Length})");
            if (e > 0 && exclude[e] < exclude[e - 1])
                throw new ArgumentException("excluded items must be sorted ascending", nameof(exclude));
        }
        if (k == 0) return 0;

        // heap[0 .. size) keeps the best items seen so far; its root is the WORST of them.
        var heap = result[..k];
        int size = 0, next = 0, item = 0, n = scores.Length;
        for (; item < n && size < k; item++)
        {
            if (Excluded(exclude, ref next, item)) continue;
            heap[size] = item;
            RankHeap.SiftUp(scores, heap, size);
            size++;
        }

        int width = Vector<float>.Count;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(scores);
        while (item < n)
        {
            float worst = scores[heap[0]];
            if (!float.IsNaN(worst) && item % width == 0 && item + width <= n)
            {
                // Skip every whole vector with no score above the worst kept one (a NaN never is).
                var bar = new Vector<float>(worst);
                int v = item / width;
                while (v < vectors.Length && !Vector.GreaterThanAny(vectors[v], bar)) v++;
                item = v * width;
                if (item >= n) break;
            }
            int end = Math.Min(n, (item / width + 1) * width); // to the end of this vector, then filter again
            for (; item < end; item++)
            {
                if (Excluded(exclude, ref next, item)) continue;
                if (!RankHeap.Better(scores, item, heap[0])) continue;
                heap[0] = item;
                RankHeap.SiftDown(scores, heap, 0, size);
            }
        }

        // Heap sort: move the worst to the end repeatedly, leaving the best first.
        for (int end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            RankHeap.SiftDown(scores, heap, 0, end);
        }
        return size;
    }

    /// <summary>True if <paramref name="item"/> is in <paramref name="exclude"/>; items are asked in ascending order, <paramref name="next"/> tracks the list.</summary>
    private static bool Excluded(ReadOnlySpan<int> exclude, ref int next, int item)
    {
        while (next < exclude.Length && exclude[next] < item) next++;
        return next < exclude.Length && exclude[next] == item;
    }
}
