using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SimCache.Data.Arrow;

/// <summary>
/// Finds vector components the distance code cannot work with, in bulk: vectors are checked on every read and
/// write, so the scan has to run at memory speed (SIMD over the bits) rather than per element. A component is
/// refused when it is NaN or infinite, and also when it is finite but so large that a squared norm, dot product
/// or squared distance of two vectors of the file's dimension could overflow float (3e38 is a valid float, yet
/// its square is not): the caches would otherwise fail deep inside a replay instead of at the file.
/// </summary>
internal static class FiniteCheck
{
    private const int ExponentMask = 0x7F80_0000;
    private const int MagnitudeMask = 0x7FFF_FFFF;

    /// <summary>
    /// The largest component magnitude allowed in vectors of <paramref name="dimension"/> components. With every
    /// |xᵢ| ≤ L, a squared distance is at most d·(2L)² and a squared norm or dot product at most d·L²; L is chosen
    /// so that d·(2L)² stays at half of float's maximum, leaving room for the rounding of a float accumulation.
    /// At d = 200 it is about 4.6e17, far beyond any embedding a model produces.
    /// </summary>
    public static float MagnitudeLimit(int dimension)
    {
        double limit = Math.Sqrt(float.MaxValue / (8.0 * Math.Max(1, dimension)));
        float f = (float)limit;
        return f > limit ? MathF.BitDecrement(f) : f;
    }

    /// <summary>Index of the first NaN/±Inf value, or -1 when all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<int>.Count)
        {
            var mask = new Vector<int>(ExponentMask);
            int last = bits.Length - Vector<int>.Count;
            for (; i <= last; i += Vector<int>.Count)
            {
                var v = new Vector<int>(bits.Slice(i, Vector<int>.Count)) & mask;
                if (Vector.EqualsAny(v, mask)) break;
            }
        }
        for (; i < bits.Length; i++)
            if ((bits[i] & ExponentMask) == ExponentMask) return i;
        return -1;
    }

    /// <summary>
    /// Index of the first value that is NaN, infinite or of magnitude above <paramref name="limit"/>, or -1 when
    /// all are within range. One integer compare per value: a float's magnitude bits order like the magnitudes,
    /// and NaN and ±Inf have larger magnitude bits than any finite limit.
    /// </summary>
    public static int IndexOfOutOfRange(ReadOnlySpan<float> values, float limit)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        int bound = BitConverter.SingleToInt32Bits(limit) & MagnitudeMask;
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<int>.Count)
        {
            var mask = new Vector<int>(MagnitudeMask);
            var max = new Vector<int>(bound);
            int last = bits.Length - Vector<int>.Count;
            for (; i <= last; i += Vector<int>.Count)
            {
                var v = new Vector<int>(bits.Slice(i, Vector<int>.Count)) & mask;
                if (Vector.GreaterThanAny(v, max)) break;
            }
        }
        for (; i < bits.Length; i++)
            if ((bits[i] & MagnitudeMask) > bound) return i;
        return -1;
    }

    /// <summary>A human-readable name for a non-finite value.</summary>
    public static string Describe(float value) =>
        float.IsNaN(value) ? "NaN" : float.IsPositiveInfinity(value) ? "+Infinity" : "-Infinity";

    /// <summary>
    /// What is wrong with a value <see cref="IndexOfOutOfRange"/> found in a vector of <paramref name="dimension"/>
    /// components, as the end of a sentence ("… component 3 is …").
    /// </summary>
    public static string DescribeOutOfRange(float value, int dimension)
    {
        if (!float.IsFinite(value)) return Describe(value) + "; vectors must be finite";
        return string.Create(CultureInfo.InvariantCulture,
            $"{value:R}, too large: at dimension {dimension} a squared distance could overflow float; components must be within ±{MagnitudeLimit(dimension):G3}");
    }
}
