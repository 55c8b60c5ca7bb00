using System.Numerics;
using System.Runtime.InteropServices;

namespace SimCache.Training.Evaluation;

/// <summary>
/// The ranking metrics of docs/METHODS.md §1.4 (Liang et al.'s Mult-VAE code, reused by RecVAE): rank all items by
/// score with the user's fold-in items removed, then NDCG@k and Recall@k against the held-out items. Written
/// once here so that RecVAE, the baselines and the cache's quality checks are all measured by the same code.
/// <para>
/// <b>Ties.</b> Items with equal scores are ordered by ascending item index, so results are reproducible.
/// The official numpy code takes the top k with <c>np.argpartition</c> and then <c>np.argsort</c>, whose order
/// among equal scores is unspecified (it depends on the partition algorithm and the input layout), so the
/// official figures are not defined to the last digit when scores tie; with continuous decoder scores ties are
/// rare, but they are common for count-based baselines such as <see cref="PopularityModel"/>.
/// </para>
/// <para>
/// <b>NaN.</b> A NaN score ranks below every number, including −∞ (numpy's sorts put NaN last, likewise).
/// </para>
/// <para>
/// <b>Fold-in items</b> are not set to −∞ but skipped while ranking; the ranks of all other items are the
/// same, and excluded items can never appear even when fewer than k other items remain.
/// </para>
/// </summary>
public static class RankingMetrics
{
    /// <summary>The default number of users scored per batch (the official code's batch size).</summary>
    public const int DefaultBatchUsers = 500;

    /// <summary>
    /// Writes the indices of the best <paramref name="k"/> items, best first, to <paramref name="result"/> and
    /// returns how many were written (fewer than k only if fewer items remain after exclusion). Items in
    /// <paramref name="exclude"/> (ascending, e.g. <see cref="Data.SparseRows.Items"/>) are never returned.
    /// O(n log k) with a binary heap kept inside <paramref name="result"/>; no allocation. A vectorised
    /// pre-filter makes it fast on long catalogues (evaluation's scores and the trace's answers): once k items
    /// are kept, an item can only enter if its score beats the worst kept one strictly (a later item ties to a
    /// higher index, so it loses a tie), so whole vectors of scores that do not are skipped with one comparison.
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
            SiftUp(scores, heap, size);
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
                if (!Better(scores, item, heap[0])) continue;
                heap[0] = item;
                SiftDown(scores, heap, 0, size);
            }
        }

        // Heap sort: move the worst to the end repeatedly, leaving the best first.
        for (int end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(scores, heap, 0, end);
        }
        return size;
    }

    /// <summary>
    /// NDCG@k of one user: DCG over the first min(k, |ranked|) entries of <paramref name="ranked"/> (distinct
    /// items, best first) divided by the ideal DCG Σ_{n=1..min(k,|test|)} 1/log2(n+1).
    /// <paramref name="sortedTest"/> must be non-empty and strictly ascending (the metric is undefined otherwise).
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> ranked, ReadOnlySpan<int> sortedTest, int k)
    {
        CheckTest(sortedTest, k);
        int top = Math.Min(k, ranked.Length);
        double dcg = 0;
        for (int n = 0; n < top; n++)
            if (sortedTest.BinarySearch(ranked[n]) >= 0) dcg += Discount(n);
        double idcg = 0;
        int ideal = Math.Min(k, sortedTest.Length);
        for (int n = 0; n < ideal; n++) idcg += Discount(n);
        return dcg / idcg;
    }

    /// <summary>
    /// Recall@k of one user: hits among the first min(k, |ranked|) entries of <paramref name="ranked"/> divided
    /// by min(k, |test|) (so a perfect ranking scores 1 even when the user has more than k test items).
    /// </summary>
    public static double Recall(ReadOnlySpan<int> ranked, ReadOnlySpan<int> sortedTest, int k)
    {
        CheckTest(sortedTest, k);
        int top = Math.Min(k, ranked.Length);
        int hits = 0;
        for (int n = 0; n < top; n++)
            if (sortedTest.BinarySearch(ranked[n]) >= 0) hits++;
        return (double)hits / Math.Min(k, sortedTest.Length);
    }

    /// <summary>
    /// Evaluates a model on the users that have items in <paramref name="foldIn"/> or <paramref name="test"/>:
    /// users are taken in ascending index, <paramref name="batchUsers"/> at a time; for each batch
    /// <paramref name="scoreBatch"/> returns the scores as a row-major <c>batch × items</c> array (e.g. the
    /// decoder's output for the batch's fold-in rows); fold-in items are excluded from each ranking. Users with
    /// an empty test part are not scored and count as skipped. Scoring is called sequentially in user order;
    /// ranking within a batch runs in parallel, which does not change any result (see <see cref="MetricAccumulator"/>).
    /// </summary>
    public static MetricSet Evaluate(
        Func<ReadOnlySpan<int>, float[]> scoreBatch, Data.SparseRows foldIn, Data.SparseRows test,
        int batchUsers = DefaultBatchUsers, IReadOnlyList<MetricSpec>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(scoreBatch);
        ArgumentNullException.ThrowIfNull(foldIn);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchUsers, 1);
        if (foldIn.Rows != test.Rows || foldIn.Columns != test.Columns)
            throw new ArgumentException($"fold-in is {foldIn.Rows} × {foldIn.Columns} but test is {test.Rows} × {test.Columns}");

        var acc = new MetricAccumulator(test.Rows, metrics);
        int items = test.Columns;
        var users = new List<int>();
        for (int u = 0; u < test.Rows; u++)
        {
            if (test.Count(u) > 0) users.Add(u);
            else if (foldIn.Count(u) > 0) acc.Add(u, [], []); // offered, but nothing to measure: skipped
        }
        var all = users.ToArray();
        int maxK = acc.MaxK;

        for (int start = 0; start < all.Length; start += batchUsers)
        {
            int count = Math.Min(batchUsers, all.Length - start);
            var scores = scoreBatch(all.AsSpan(start, count));
            if (scores is null || scores.Length != (long)count * items)
                throw new InvalidOperationException($"the scorer returned {scores?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} scores for {count} users × {items} items");
            int first = start;
            Parallel.For(0, count, () => new int[maxK], (b, _, buffer) =>
            {
                int user = all[first + b];
                var row = scores.AsSpan(b * items, items);
                int n = TopK(row, foldIn.Items(user), maxK, buffer);
                acc.Add(user, buffer.AsSpan(0, n), test.Items(user));
                return buffer;
            }, _ => { });
        }
        return acc.Result();
    }

    /// <summary>1 / log2(n + 2): the gain of a hit at 0-based rank n (1-based rank n + 1).</summary>
    private static double Discount(int n) => 1.0 / Math.Log2(n + 2);

    private static void CheckTest(ReadOnlySpan<int> sortedTest, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (sortedTest.IsEmpty) throw new ArgumentException("the test part is empty: the metric is undefined (such users are skipped)", nameof(sortedTest));
        for (int i = 1; i < sortedTest.Length; i++)
            if (sortedTest[i] <= sortedTest[i - 1])
                throw new ArgumentException("test items must be strictly ascending", nameof(sortedTest));
    }

    /// <summary>True if <paramref name="item"/> is in <paramref name="exclude"/>; items are asked in ascending order, <paramref name="next"/> tracks the list.</summary>
    private static bool Excluded(ReadOnlySpan<int> exclude, ref int next, int item)
    {
        while (next < exclude.Length && exclude[next] < item) next++;
        return next < exclude.Length && exclude[next] == item;
    }

    /// <summary>True if item <paramref name="a"/> ranks before item <paramref name="b"/>: higher score, NaN last, ties by lower index.</summary>
    private static bool Better(ReadOnlySpan<float> scores, int a, int b)
    {
        float sa = scores[a], sb = scores[b];
        if (sa > sb) return true;
        if (sa < sb) return false;
        bool na = float.IsNaN(sa), nb = float.IsNaN(sb);
        if (na != nb) return nb; // exactly one NaN: the number wins
        return a < b;            // equal (or both NaN)
    }

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int i)
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

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int i, int size)
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
