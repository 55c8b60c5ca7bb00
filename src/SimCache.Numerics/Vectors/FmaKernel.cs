using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimCache.Numerics.Vectors;

/// <summary>
/// The one fused multiply-add micro-kernel behind every dot product of the code base: the cache's
/// <see cref="VectorKernels"/> and the blocked matrix products of <see cref="Linalg.BlockedProducts"/> both
/// accumulate with it, so there is a single place that fixes how a product is summed. A dot product is
/// <see cref="Chunks{T}"/> (one 256-bit accumulator fed by fused multiply-adds over consecutive full vectors
/// from index 0), a horizontal sum of the lanes, then <see cref="Tail{T}"/> (the remaining elements by scalar
/// fused multiply-adds). The horizontal sum stays with the caller on purpose: the cache's kernels and the
/// blocked products each fixed theirs long ago, results (keys, mixtures, golden counts) depend on it to the last
/// bit, and a shared reduction would silently change one of them.
/// </summary>
internal static class FmaKernel
{
    /// <summary><c>x·y + acc</c> lane by lane, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
    }

    /// <summary>
    /// Lane sums of <c>x[l]·y[l]</c> over the whole vectors of the first <paramref name="len"/> elements, in order
    /// from index 0; <paramref name="done"/> is where the scalar tail starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Chunks<T>(ref T x, ref T y, int len, out int done) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        var acc = Vector256<T>.Zero;
        int l = 0;
        for (; l + w <= len; l += w)
            acc = Fma(Vector256.LoadUnsafe(ref x, (nuint)l), Vector256.LoadUnsafe(ref y, (nuint)l), acc);
        done = l;
        return acc;
    }

    /// <summary><paramref name="sum"/> plus <c>x[l]·y[l]</c> for <paramref name="from"/> ≤ l &lt; <paramref name="len"/>, one fused multiply-add each, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tail<T>(T sum, ref T x, ref T y, int from, int len) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int l = from; l < len; l++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref x, l), Unsafe.Add(ref y, l), sum);
        return sum;
    }
}
