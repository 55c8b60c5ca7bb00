using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static SimCache.Numerics.Vectors.FmaKernel;

namespace SimCache.Numerics.Vectors;

/// <summary>
/// The one definition of the dot product and squared distance that every distance of the cache stage is built
/// from. A cache decision
/// (d ≤ θ, which key is nearest) must not depend on how a distance was computed: alone, in a batch of queries
/// by a blocked matrix product, on another thread, or from an array the GC has moved. So every kernel here
/// computes each (query, row) pair in exactly the same order — one 8-lane accumulator fed by fused
/// multiply-adds over consecutive 8-float chunks from index 0, a fixed horizontal sum, then the scalar tail
/// by fused multiply-adds — and the batched kernels only interleave independent pairs to use the CPU's
/// parallelism. <c>TensorPrimitives.Dot</c> is not used for this: its reduction order may change with the
/// address alignment of the inputs, which would make a batched lookup disagree with a single one in the last
/// bit and flip a decision that sits on a threshold.
/// </summary>
public static class VectorKernels
{
    private const int W = 8; // floats per Vector256

    /// <summary>The canonical dot product of two equal-length vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ ({a.Length} vs {b.Length})", nameof(b));
        return Dot1(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>
    /// Dots one query with <paramref name="rowCount"/> consecutive rows of <paramref name="rows"/> (row-major,
    /// stride <paramref name="dim"/>) into <paramref name="output"/>; each entry equals <see cref="Dot"/>.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int rowCount, int dim, Span<float> output)
    {
        if (query.Length != dim) throw new ArgumentException($"query has {query.Length} floats, dimension is {dim}", nameof(query));
        if (rows.Length < (long)rowCount * dim) throw new ArgumentException("rows span is too short", nameof(rows));
        if (output.Length < rowCount) throw new ArgumentException("output span is too short", nameof(output));
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r = ref MemoryMarshal.GetReference(rows);
        ref float o = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 8 <= rowCount; i += 8)
            Dot1x8(ref q, ref Unsafe.Add(ref r, (nint)i * dim), dim, dim, ref Unsafe.Add(ref o, i));
        for (; i < rowCount; i++)
            Unsafe.Add(ref o, i) = Dot1(ref q, ref Unsafe.Add(ref r, (nint)i * dim), dim);
    }

    /// <summary>
    /// The matrix of dot products of <paramref name="queryCount"/> queries with <paramref name="rowCount"/> rows:
    /// <c>output[q * outputStride + r] = Dot(query q, row r)</c>, bit-identical to <see cref="Dot"/>. Works on
    /// pairs of queries against four rows at a time so that the eight accumulators keep both FMA units busy.
    /// </summary>
    public static void DotBlock(ReadOnlySpan<float> queries, int queryCount, ReadOnlySpan<float> rows, int rowCount, int dim,
        Span<float> output, int outputStride)
    {
        if (queries.Length < (long)queryCount * dim) throw new ArgumentException("queries span is too short", nameof(queries));
        if (rows.Length < (long)rowCount * dim) throw new ArgumentException("rows span is too short", nameof(rows));
        if (outputStride < rowCount) throw new ArgumentOutOfRangeException(nameof(outputStride));
        if (queryCount > 0 && output.Length < (long)(queryCount - 1) * outputStride + rowCount)
            throw new ArgumentException("output span is too short", nameof(output));
        ref float qs = ref MemoryMarshal.GetReference(queries);
        ref float rs = ref MemoryMarshal.GetReference(rows);
        ref float os = ref MemoryMarshal.GetReference(output);
        int q = 0;
        for (; q + 2 <= queryCount; q += 2)
        {
            ref float q0 = ref Unsafe.Add(ref qs, (nint)q * dim);
            ref float q1 = ref Unsafe.Add(ref qs, (nint)(q + 1) * dim);
            ref float o0 = ref Unsafe.Add(ref os, (nint)q * outputStride);
            ref float o1 = ref Unsafe.Add(ref os, (nint)(q + 1) * outputStride);
            int r = 0;
            for (; r + 4 <= rowCount; r += 4)
                Dot2x4(ref q0, ref q1, ref Unsafe.Add(ref rs, (nint)r * dim), dim, ref Unsafe.Add(ref o0, r), ref Unsafe.Add(ref o1, r));
            for (; r < rowCount; r++)
            {
                ref float row = ref Unsafe.Add(ref rs, (nint)r * dim);
                Unsafe.Add(ref o0, r) = Dot1(ref q0, ref row, dim);
                Unsafe.Add(ref o1, r) = Dot1(ref q1, ref row, dim);
            }
        }
        for (; q < queryCount; q++)
        {
            ref float q0 = ref Unsafe.Add(ref qs, (nint)q * dim);
            ref float o0 = ref Unsafe.Add(ref os, (nint)q * outputStride);
            int r = 0;
            for (; r + 8 <= rowCount; r += 8)
                Dot1x8(ref q0, ref Unsafe.Add(ref rs, (nint)r * dim), dim, dim, ref Unsafe.Add(ref o0, r));
            for (; r < rowCount; r++)
                Unsafe.Add(ref o0, r) = Dot1(ref q0, ref Unsafe.Add(ref rs, (nint)r * dim), dim);
        }
    }

    /// <summary>
    /// The rank value of a key for a query, <c>(‖q‖² + ‖k‖²) − 2·q·k</c> in float: the squared L2 distance up to
    /// cancellation error (about 1e-5 of ‖q‖² here), cheap because it needs only the dot product — the one
    /// matrix product a batch of lookups costs. Indexes preselect candidates by it; the distance that decides is
    /// <see cref="SquaredDistance"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Rank(float queryNorm2, float keyNorm2, float dot) => (queryNorm2 + keyNorm2) - 2f * dot;

    /// <summary>
    /// The canonical squared Euclidean distance Σ (a_i − b_i)², accumulated like <see cref="Dot"/> (differences
    /// are formed before squaring, so no cancellation: relative error about 1e-7). The distance every threshold
    /// and nearest-key decision uses.
    /// </summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ ({a.Length} vs {b.Length})", nameof(b));
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var diff = Vector256.LoadUnsafe(ref x, (nuint)i) - Vector256.LoadUnsafe(ref y, (nuint)i);
            acc = Fma(diff, diff, acc);
        }
        float s = HSum(acc);
        for (; i < n; i++)
        {
            float diff = Unsafe.Add(ref x, i) - Unsafe.Add(ref y, i);
            s = MathF.FusedMultiplyAdd(diff, diff, s);
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HSum(Vector256<float> v)
    {
        var s = v.GetLower() + v.GetUpper();
        return (s.GetElement(0) + s.GetElement(2)) + (s.GetElement(1) + s.GetElement(3));
    }

    internal static float Dot1(ref float a, ref float b, int n)
    {
        var acc = Chunks(ref a, ref b, n, out int i);
        return Tail(HSum(acc), ref a, ref b, i, n);
    }

    private static void Dot1x8(ref float q, ref float r, int stride, int n, ref float o)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        nint s = stride;
        ref float r0 = ref r;
        ref float r1 = ref Unsafe.Add(ref r, s);
        ref float r2 = ref Unsafe.Add(ref r, 2 * s);
        ref float r3 = ref Unsafe.Add(ref r, 3 * s);
        ref float r4 = ref Unsafe.Add(ref r, 4 * s);
        ref float r5 = ref Unsafe.Add(ref r, 5 * s);
        ref float r6 = ref Unsafe.Add(ref r, 6 * s);
        ref float r7 = ref Unsafe.Add(ref r, 7 * s);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var qv = Vector256.LoadUnsafe(ref q, (nuint)i);
            a0 = Fma(qv, Vector256.LoadUnsafe(ref r0, (nuint)i), a0);
            a1 = Fma(qv, Vector256.LoadUnsafe(ref r1, (nuint)i), a1);
            a2 = Fma(qv, Vector256.LoadUnsafe(ref r2, (nuint)i), a2);
            a3 = Fma(qv, Vector256.LoadUnsafe(ref r3, (nuint)i), a3);
            a4 = Fma(qv, Vector256.LoadUnsafe(ref r4, (nuint)i), a4);
            a5 = Fma(qv, Vector256.LoadUnsafe(ref r5, (nuint)i), a5);
            a6 = Fma(qv, Vector256.LoadUnsafe(ref r6, (nuint)i), a6);
            a7 = Fma(qv, Vector256.LoadUnsafe(ref r7, (nuint)i), a7);
        }
        float s0 = HSum(a0), s1 = HSum(a1), s2 = HSum(a2), s3 = HSum(a3), s4 = HSum(a4), s5 = HSum(a5), s6 = HSum(a6), s7 = HSum(a7);
        for (; i < n; i++)
        {
            float qi = Unsafe.Add(ref q, i);
            s0 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r0, i), s0);
            s1 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r1, i), s1);
            s2 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r2, i), s2);
            s3 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r3, i), s3);
            s4 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r4, i), s4);
            s5 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r5, i), s5);
            s6 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r6, i), s6);
            s7 = MathF.FusedMultiplyAdd(qi, Unsafe.Add(ref r7, i), s7);
        }
        o = s0;
        Unsafe.Add(ref o, 1) = s1;
        Unsafe.Add(ref o, 2) = s2;
        Unsafe.Add(ref o, 3) = s3;
        Unsafe.Add(ref o, 4) = s4;
        Unsafe.Add(ref o, 5) = s5;
        Unsafe.Add(ref o, 6) = s6;
        Unsafe.Add(ref o, 7) = s7;
    }

    private static void Dot2x4(ref float q0, ref float q1, ref float r, int n, ref float o0, ref float o1)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        nint s = n;
        ref float r0 = ref r;
        ref float r1 = ref Unsafe.Add(ref r, s);
        ref float r2 = ref Unsafe.Add(ref r, 2 * s);
        ref float r3 = ref Unsafe.Add(ref r, 3 * s);
        int i = 0;
        for (; i + W <= n; i += W)
        {
            var x0 = Vector256.LoadUnsafe(ref q0, (nuint)i);
            var x1 = Vector256.LoadUnsafe(ref q1, (nuint)i);
            var k = Vector256.LoadUnsafe(ref r0, (nuint)i);
            a00 = Fma(x0, k, a00);
            a10 = Fma(x1, k, a10);
            k = Vector256.LoadUnsafe(ref r1, (nuint)i);
            a01 = Fma(x0, k, a01);
            a11 = Fma(x1, k, a11);
            k = Vector256.LoadUnsafe(ref r2, (nuint)i);
            a02 = Fma(x0, k, a02);
            a12 = Fma(x1, k, a12);
            k = Vector256.LoadUnsafe(ref r3, (nuint)i);
            a03 = Fma(x0, k, a03);
            a13 = Fma(x1, k, a13);
        }
        float s00 = HSum(a00), s01 = HSum(a01), s02 = HSum(a02), s03 = HSum(a03);
        float s10 = HSum(a10), s11 = HSum(a11), s12 = HSum(a12), s13 = HSum(a13);
        for (; i < n; i++)
        {
            float x0 = Unsafe.Add(ref q0, i), x1 = Unsafe.Add(ref q1, i);
            float k0 = Unsafe.Add(ref r0, i), k1 = Unsafe.Add(ref r1, i), k2 = Unsafe.Add(ref r2, i), k3 = Unsafe.Add(ref r3, i);
            s00 = MathF.FusedMultiplyAdd(x0, k0, s00);
            s01 = MathF.FusedMultiplyAdd(x0, k1, s01);
            s02 = MathF.FusedMultiplyAdd(x0, k2, s02);
            s03 = MathF.FusedMultiplyAdd(x0, k3, s03);
            s10 = MathF.FusedMultiplyAdd(x1, k0, s10);
            s11 = MathF.FusedMultiplyAdd(x1, k1, s11);
            s12 = MathF.FusedMultiplyAdd(x1, k2, s12);
            s13 = MathF.FusedMultiplyAdd(x1, k3, s13);
        }
        o0 = s00; Unsafe.Add(ref o0, 1) = s01; Unsafe.Add(ref o0, 2) = s02; Unsafe.Add(ref o0, 3) = s03;
        o1 = s10; Unsafe.Add(ref o1, 1) = s11; Unsafe.Add(ref o1, 2) = s12; Unsafe.Add(ref o1, 3) = s13;
    }
}
