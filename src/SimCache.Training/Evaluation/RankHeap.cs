namespace SimCache.Training.Evaluation;

/// <summary>
/// The binary heap behind every top-k ranking of scores (evaluation and the trace's answers), kept in one place
/// so both rank items exactly alike: higher score first, NaN last, ties by lower index. The heap's root is the
/// worst item kept, so a candidate is compared with one item.
/// </summary>
internal static class RankHeap
{
    /// <summary>True if item <paramref name="a"/> ranks before item <paramref name="b"/>: higher score, NaN last, ties by lower index.</summary>
    internal static bool Better(ReadOnlySpan<float> scores, int a, int b)
    {
        float sa = scores[a], sb = scores[b];
        if (sa > sb) return true;
        if (sa < sb) return false;
        bool na = float.IsNaN(sa), nb = float.IsNaN(sb);
        if (na != nb) return nb; // exactly one NaN: the number wins
        return a < b;            // equal (or both NaN)
    }

    internal static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int i)
    {
        int item = heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(scores, heap[parent], item)) break; // parent is worse or equal: heap order holds
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = item;
    }

    internal static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int i, int size)
    {
        int item = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && Better(scores, heap[child], heap[child + 1])) child++; // the worse child
            if (!Better(scores, item, heap[child])) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }
}
