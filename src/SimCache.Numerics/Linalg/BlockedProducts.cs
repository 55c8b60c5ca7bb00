using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static SimCache.Numerics.Vectors.FmaKernel;

namespace SimCache.Numerics.Linalg;

/// <summary>
/// The one dense kernel behind every heavy step of the geometry stage (exact k-NN distances, the GMM E-step and
/// M-step, k-means, PCA, t-SNE's input): <c>C = A·Bᵀ</c> for row-major A and B whose rows are the vectors.
/// Each entry is a dot product accumulated in SIMD lanes with the shared fused multiply-add kernel
/// (<see cref="Vectors.FmaKernel"/>) over a 4×2 register tile,
/// B is walked in blocks that stay in the L2 cache, and the value of an entry depends only on its two rows
/// (never on tiling, blocking or threads), so callers may split the work any way and stay bit-reproducible.
/// Single-threaded: callers parallelise over deterministic row blocks.
/// </summary>
public static class BlockedProducts
{
    private const int L2Bytes = 192 * 1024;

    /// <summary>
    /// <c>C[i·ldc + j] = Σ_{l&lt;dim} A[i·lda + l] · B[j·ldb + l]</c> for i &lt; aRows, j &lt; bRows, restricted by
    /// <paramref name="shape"/> (with <see cref="ProductShape.LowerOutput"/>, entries with j &gt; i are not written).
    /// </summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, int aRows, int lda, ReadOnlySpan<T> b, int bRows, int ldb,
        int dim, Span<T> c, int ldc, ProductShape shape = ProductShape.Full)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException("BlockedProducts supports float and double");
        ArgumentOutOfRangeException.ThrowIfNegative(aRows);
        ArgumentOutOfRangeException.ThrowIfNegative(bRows);
        ArgumentOutOfRangeException.ThrowIfNegative(dim);
        if (aRows == 0 || bRows == 0) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(lda, dim);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldb, dim);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, bRows);
        if ((long)(aRows - 1) * lda + dim > a.Length) throw new ArgumentException("A is shorter than aRows·lda", nameof(a));
        if ((long)(bRows - 1) * ldb + dim > b.Length) throw new ArgumentException("B is shorter than bRows·ldb", nameof(b));
        if ((long)(aRows - 1) * ldc + bRows > c.Length) throw new ArgumentException("C is shorter than aRows·ldc", nameof(c));
        if (shape == ProductShape.LowerOutput && aRows != bRows) throw new ArgumentException("LowerOutput needs a square result", nameof(shape));

        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        int bBlock = Math.Max(8, L2Bytes / Math.Max(1, dim * Unsafe.SizeOf<T>())) & ~1;
        for (int jb = 0; jb < bRows; jb += bBlock)
        {
            int je = Math.Min(bRows, jb + bBlock);
            for (int i = 0; i < aRows; i += 4)
            {
                int rows = Math.Min(4, aRows - i);
                int jEnd = shape == ProductShape.LowerOutput ? Math.Min(je, i + rows) : je;
                for (int j = jb; j < jEnd; j += 2)
                {
                    int cols = Math.Min(2, jEnd - j);
                    int len = shape == ProductShape.LowerTriangularB ? Math.Min(dim, j + cols) : dim;
                    ref T a0 = ref Unsafe.Add(ref ra, (nint)i * lda);
                    ref T b0 = ref Unsafe.Add(ref rb, (nint)j * ldb);
                    ref T c0 = ref Unsafe.Add(ref rc, (nint)i * ldc + j);
                    if (rows == 4 && cols == 2) Tile4x2(ref a0, lda, ref b0, ldb, len, ref c0, ldc);
                    else TileSmall(ref a0, lda, rows, ref b0, ldb, cols, len, ref c0, ldc, shape == ProductShape.LowerOutput ? i - j : int.MaxValue);
                }
            }
        }
    }

    /// <summary>Plain dot product with the same accumulation order as the tiles (so it matches them bit for bit).</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ");
        return DotCore(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    private static T DotCore<T>(ref T x, ref T y, int len) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = Chunks(ref x, ref y, len, out int l);
        return Tail(Vector256.Sum(acc), ref x, ref y, l, len);
    }

    private static void Tile4x2<T>(ref T a0, int lda, ref T b0, int ldb, int len, ref T c0, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T a1 = ref Unsafe.Add(ref a0, lda);
        ref T a2 = ref Unsafe.Add(ref a1, lda);
        ref T a3 = ref Unsafe.Add(ref a2, lda);
        ref T b1 = ref Unsafe.Add(ref b0, ldb);
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        int l = 0;
        for (; l + w <= len; l += w)
        {
            var x0 = Vector256.LoadUnsafe(ref b0, (nuint)l);
            var x1 = Vector256.LoadUnsafe(ref b1, (nuint)l);
            var y = Vector256.LoadUnsafe(ref a0, (nuint)l);
            c00 = Fma(y, x0, c00);
            c01 = Fma(y, x1, c01);
            y = Vector256.LoadUnsafe(ref a1, (nuint)l);
            c10 = Fma(y, x0, c10);
            c11 = Fma(y, x1, c11);
            y = Vector256.LoadUnsafe(ref a2, (nuint)l);
            c20 = Fma(y, x0, c20);
            c21 = Fma(y, x1, c21);
            y = Vector256.LoadUnsafe(ref a3, (nuint)l);
            c30 = Fma(y, x0, c30);
            c31 = Fma(y, x1, c31);
        }
        c0 = Tail(Vector256.Sum(c00), ref a0, ref b0, l, len);
        Unsafe.Add(ref c0, 1) = Tail(Vector256.Sum(c01), ref a0, ref b1, l, len);
        ref T r1 = ref Unsafe.Add(ref c0, ldc);
        r1 = Tail(Vector256.Sum(c10), ref a1, ref b0, l, len);
        Unsafe.Add(ref r1, 1) = Tail(Vector256.Sum(c11), ref a1, ref b1, l, len);
        ref T r2 = ref Unsafe.Add(ref r1, ldc);
        r2 = Tail(Vector256.Sum(c20), ref a2, ref b0, l, len);
        Unsafe.Add(ref r2, 1) = Tail(Vector256.Sum(c21), ref a2, ref b1, l, len);
        ref T r3 = ref Unsafe.Add(ref r2, ldc);
        r3 = Tail(Vector256.Sum(c30), ref a3, ref b0, l, len);
        Unsafe.Add(ref r3, 1) = Tail(Vector256.Sum(c31), ref a3, ref b1, l, len);
    }

    /// <summary>Edges of the tiling; <paramref name="diagonalOffset"/> = i − j of the tile's corner, entries with row − col &lt; 0 skipped when limited.</summary>
    private static void TileSmall<T>(ref T a0, int lda, int rows, ref T b0, int ldb, int cols, int len, ref T c0, int ldc, int diagonalOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++)
            {
                if (diagonalOffset != int.MaxValue && diagonalOffset + r - q < 0) continue;
                Unsafe.Add(ref c0, (nint)r * ldc + q) = DotCore(ref Unsafe.Add(ref a0, (nint)r * lda), ref Unsafe.Add(ref b0, (nint)q * ldb), len);
            }
    }
}
