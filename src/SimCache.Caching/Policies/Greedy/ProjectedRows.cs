using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// The projected candidates of <see cref="ProjectionFilter"/> stored coordinate-major (R rows of
/// <see cref="Stride"/> floats), so one query is compared with eight candidates per SIMD operation and no
/// horizontal sums: the pre-test runs at a few floating-point operations per pair.
/// </summary>
internal sealed class ProjectedRows
{
    private readonly float[] _columns;

    /// <summary>Transposes <paramref name="count"/> row-major projections of <paramref name="rank"/> floats.</summary>
    public ProjectedRows(ReadOnlySpan<float> projected, int count, int rank)
    {
        Count = count;
        Rank = rank;
        Stride = (count + 31) & ~31;
        _columns = new float[(long)rank * Stride];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < rank; k++) _columns[(long)k * Stride + i] = projected[i * rank + k];
    }

    public int Count { get; }

    public int Rank { get; }

    /// <summary>Floats per coordinate row (Count rounded up to 32; the padding is never reported).</summary>
    public int Stride { get; }

    /// <summary>
    /// For rows sorted by their first coordinate (ascending): the range of positions in [<paramref name="from"/>,
    /// Count) that a query whose first coordinate is <paramref name="first"/> can lie within √<paramref name="bound"/>
    /// of, since a projected gap of at most √bound needs |first − y₀| ≤ √bound. Differences of floats are taken
    /// in double and √ with a 1e-12 margin, so no row whose true projected gap is within √bound is left out (the
    /// pairs <see cref="ProjectionFilter"/> must keep are among those).
    /// </summary>
    public (int First, int End) Window(float first, float bound, int from)
    {
        if (float.IsPositiveInfinity(bound)) return (from, Count);
        double reach = Math.Sqrt(bound) * (1 + 1e-12);
        ReadOnlySpan<float> axis = _columns.AsSpan(0, Count);
        // First position whose coordinate is not below first − reach, then the first beyond first + reach.
        int lo = from, hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if ((double)first - axis[mid] > reach) lo = mid + 1;
            else hi = mid;
        }
        int start = lo;
        hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if ((double)axis[mid] - first <= reach) lo = mid + 1;
            else hi = mid;
        }
        return (start, lo);
    }

    /// <summary>
    /// Writes to <paramref name="hits"/> (length ≥ Count) every candidate in [<paramref name="from"/>,
    /// <paramref name="to"/>) whose float squared distance to the projected query <paramref name="query"/> is at
    /// most <paramref name="bound"/>, in increasing order; returns how many.
    /// </summary>
    public int Scan(ReadOnlySpan<float> query, float bound, int from, int to, Span<int> hits)
    {
        if (query.Length != Rank) throw new ArgumentException($"query has {query.Length} coordinates, expected {Rank}", nameof(query));
        if (from < 0 || to > Count || from > to) throw new ArgumentOutOfRangeException(nameof(from));
        if (hits.Length < to - from) throw new ArgumentException("hits is too short", nameof(hits));
        int r = Rank;
        Span<Vector256<float>> q = stackalloc Vector256<float>[r];
        for (int k = 0; k < r; k++) q[k] = Vector256.Create(query[k]);
        var limit = Vector256.Create(bound);
        ref float cols = ref MemoryMarshal.GetArrayDataReference(_columns);
        nint stride = Stride;
        int count = 0;
        int j = from & ~7;
        for (; j + 32 <= to; j += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            ref float c = ref Unsafe.Add(ref cols, j);
            for (int k = 0; k < r; k++)
            {
                var qk = q[k];
                ref float row = ref Unsafe.Add(ref c, k * stride);
                var d0 = qk - Vector256.LoadUnsafe(ref row);
                var d1 = qk - Vector256.LoadUnsafe(ref row, 8);
                var d2 = qk - Vector256.LoadUnsafe(ref row, 16);
                var d3 = qk - Vector256.LoadUnsafe(ref row, 24);
                a0 = Vector256.FusedMultiplyAdd(d0, d0, a0);
                a1 = Vector256.FusedMultiplyAdd(d1, d1, a1);
                a2 = Vector256.FusedMultiplyAdd(d2, d2, a2);
                a3 = Vector256.FusedMultiplyAdd(d3, d3, a3);
            }
            uint mask = Vector256.LessThanOrEqual(a0, limit).ExtractMostSignificantBits()
                | Vector256.LessThanOrEqual(a1, limit).ExtractMostSignificantBits() << 8
                | Vector256.LessThanOrEqual(a2, limit).ExtractMostSignificantBits() << 16
                | Vector256.LessThanOrEqual(a3, limit).ExtractMostSignificantBits() << 24;
            count = Collect(mask, j, from, to, hits, count);
        }
        for (; j < to; j += 8)
        {
            var a = Vector256<float>.Zero;
            ref float c = ref Unsafe.Add(ref cols, j);
            for (int k = 0; k < r; k++)
            {
                var d = q[k] - Vector256.LoadUnsafe(ref Unsafe.Add(ref c, k * stride));
                a = Vector256.FusedMultiplyAdd(d, d, a);
            }
            count = Collect(Vector256.LessThanOrEqual(a, limit).ExtractMostSignificantBits(), j, from, to, hits, count);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Collect(uint mask, int first, int from, int to, Span<int> hits, int count)
    {
        while (mask != 0)
        {
            int c = first + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (c >= from && c < to) hits[count++] = c;
        }
        return count;
    }
}
