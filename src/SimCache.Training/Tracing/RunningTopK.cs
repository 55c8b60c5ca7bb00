using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimCache.Training.Tracing;

/// <summary>
/// The best <c>k</c> items of each of a block of rows, over scores that arrive tile by tile (a few thousand items
/// at a time, in ascending item order), so a block's scores never need to exist whole: the decoder product of a
/// block against one tile of items stays in cache while it is ranked, instead of rows × catalogue floats going
/// out to memory and back. The order is <see cref="Evaluation.RankingMetrics.TopK"/>'s (higher score first, NaN
/// last, equal scores to the lower item index) and excluded items are skipped in the same way, so the result is
/// the same list as ranking the whole row at once. A row's excluded items are a bit set over the catalogue, so the
/// prefix of a long history needs no sorting and a lookup costs one bit test.
/// </summary>
/// <remarks>
/// Each row keeps a heap of its best items so far whose root is the worst of them. Once a row holds k items, a
/// score can only enter if it beats the root strictly (a later item loses a tie), so a tile is scanned four
/// vectors at a time with one comparison against that running threshold, and almost all of a row's scores are
/// rejected without a scalar look. Excluded items are looked up only for the few scores that pass. Nothing is
/// allocated after construction.
/// </remarks>
internal sealed class RunningTopK
{
    private readonly int _k;
    private readonly int[] _items;   // rows × k: each row's heap of kept items, root = worst
    private readonly float[] _scores; // their scores
    private readonly int[] _sizes;

    public RunningTopK(int rows, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _k = k;
        Rows = rows;
        _items = new int[rows * k];
        _scores = new float[rows * k];
        _sizes = new int[rows];
    }

    /// <summary>Rows this selector holds at most.</summary>
    public int Rows { get; }

    public int K => _k;

    /// <summary>Starts the first <paramref name="rows"/> rows afresh: no item kept.</summary>
    public void Reset(int rows)
    {
        if ((uint)rows > (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows, the selector holds {Rows}");
        _sizes.AsSpan(0, rows).Clear();
    }

    /// <summary>
    /// Offers row <paramref name="row"/> the scores of items <paramref name="firstItem"/> … <paramref name="firstItem"/>
    /// + |<paramref name="scores"/>| − 1. Tiles must come in ascending item order, each after the previous one
    /// (the tie rule relies on it). An item whose bit is set in <paramref name="excluded"/> (the row's set: bit i of
    /// word i / 64 for item i, covering every item offered) is never kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first batch: no unoptimised first tier
    public void Add(int row, ReadOnlySpan<float> scores, int firstItem, ReadOnlySpan<ulong> excluded)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row));
        if (firstItem < 0 || (long)excluded.Length * 64 < (long)firstItem + scores.Length)
            throw new ArgumentException($"the excluded set covers {excluded.Length * 64L} items, the tile ends at {(long)firstItem + scores.Length}", nameof(excluded));
        int k = _k;
        if (k == 0) return;
        var heapItems = _items.AsSpan(row * k, k);
        var heapScores = _scores.AsSpan(row * k, k);
        int size = _sizes[row];
        int n = scores.Length, i = 0;

        for (; i < n && size < k; i++) // filling: every item not excluded enters
        {
            if (Excluded(excluded, firstItem + i)) continue;
            heapItems[size] = firstItem + i;
            heapScores[size] = scores[i];
            SiftUp(heapItems, heapScores, size);
            size++;
        }
        _sizes[row] = size;
        if (size < k) return;

        int width = Vector<float>.Count, step = 4 * width;
        ref float start = ref MemoryMarshal.GetReference(scores);
        while (i < n)
        {
            float worst = heapScores[0];
            if (!float.IsNaN(worst))
            {
                // Skip every group of four vectors with no score above the worst kept one (a NaN never is).
                var bar = new Vector<float>(worst);
                while (i + step <= n)
                {
                    var above = Vector.GreaterThan(Vector.LoadUnsafe(ref start, (nuint)i), bar)
                        | Vector.GreaterThan(Vector.LoadUnsafe(ref start, (nuint)(i + width)), bar)
                        | Vector.GreaterThan(Vector.LoadUnsafe(ref start, (nuint)(i + 2 * width)), bar)
                        | Vector.GreaterThan(Vector.LoadUnsafe(ref start, (nuint)(i + 3 * width)), bar);
                    if (above != Vector<int>.Zero) break;
                    i += step;
                }
            }
            int end = Math.Min(n, i + step); // this group one item at a time, then filter again
            for (; i < end; i++)
            {
                float s = scores[i];
                int item = firstItem + i;
                if (!Better(s, item, heapScores[0], heapItems[0])) continue;
                if (Excluded(excluded, item)) continue;
                heapItems[0] = item;
                heapScores[0] = s;
                SiftDown(heapItems, heapScores, 0, size);
            }
        }
    }

    /// <summary>Writes row <paramref name="row"/>'s kept items, best first, to <paramref name="result"/> and returns how many
    /// (fewer than k only if fewer items were offered). The row's heap is consumed: <see cref="Reset"/> before reusing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first batch: no unoptimised first tier
    public int Drain(int row, Span<int> result)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row));
        int k = _k, size = _sizes[row];
        if (result.Length < size) throw new ArgumentException($"result holds {result.Length} items, the row has {size}", nameof(result));
        var heapItems = _items.AsSpan(row * k, k);
        var heapScores = _scores.AsSpan(row * k, k);
        for (int end = size - 1; end > 0; end--) // heap sort: the worst to the end repeatedly, the best first
        {
            (heapItems[0], heapItems[end]) = (heapItems[end], heapItems[0]);
            (heapScores[0], heapScores[end]) = (heapScores[end], heapScores[0]);
            SiftDown(heapItems, heapScores, 0, end);
        }
        heapItems[..size].CopyTo(result);
        _sizes[row] = 0;
        return size;
    }

    /// <summary>True if <paramref name="item"/>'s bit is set in <paramref name="excluded"/>.</summary>
    private static bool Excluded(ReadOnlySpan<ulong> excluded, int item) => (excluded[item >> 6] & (1UL << (item & 63))) != 0;

    /// <summary>Words of an excluded set over <paramref name="items"/> items.</summary>
    public static int Words(int items) => (items + 63) / 64;

    /// <summary>True if (<paramref name="sa"/>, <paramref name="a"/>) ranks before (<paramref name="sb"/>, <paramref name="b"/>): higher score, NaN last, ties by lower item.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Better(float sa, int a, float sb, int b)
    {
        if (sa > sb) return true;
        if (sa < sb) return false;
        bool na = float.IsNaN(sa), nb = float.IsNaN(sb);
        if (na != nb) return nb; // exactly one NaN: the number wins
        return a < b;            // equal (or both NaN)
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first batch: no unoptimised first tier
    private static void SiftUp(Span<int> items, Span<float> scores, int i)
    {
        int item = items[i];
        float score = scores[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(scores[parent], items[parent], score, item)) break; // the parent is worse or equal: heap order holds
            items[i] = items[parent];
            scores[i] = scores[parent];
            i = parent;
        }
        items[i] = item;
        scores[i] = score;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first batch: no unoptimised first tier
    private static void SiftDown(Span<int> items, Span<float> scores, int i, int size)
    {
        int item = items[i];
        float score = scores[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && Better(scores[child], items[child], scores[child + 1], items[child + 1])) child++; // the worse child
            if (!Better(score, item, scores[child], items[child])) break;
            items[i] = items[child];
            scores[i] = scores[child];
            i = child;
        }
        items[i] = item;
        scores[i] = score;
    }
}
