using System.Numerics;
using System.Runtime.InteropServices;

namespace SimCache.Data.Arrow;

/// <summary>
/// Finds NaN or infinite floats in bulk: vectors are checked on every read and write, so the scan has to
/// run at memory speed (SIMD over the exponent bits) rather than per element.
/// </summary>
internal static class FiniteCheck
{
    private const int ExponentMask = 0x7F80_0000;

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

    /// <summary>A human-readable name for a non-finite value.</summary>
    public static string Describe(float value) =>
        float.IsNaN(value) ? "NaN" : float.IsPositiveInfinity(value) ? "+Infinity" : "-Infinity";
}
