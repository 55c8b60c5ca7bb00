using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// Tensor–number arithmetic without TorchSharp's implicit <see cref="Scalar"/> conversions. An implicit Scalar
/// is left to the garbage collector, whose finalizer can free it while the native op is still reading it:
/// training then dies at random with "INTERNAL ASSERT FAILED at c10/core/Scalar.h" (seen here after ~20
/// epochs; TorchSharp PRs #1434/#1496). Here each Scalar is held until the op returns, then disposed.
/// Even tensor + tensor is affected: TorchSharp's <c>add(Tensor)</c> passes an implicit alpha of 1, so
/// additions and subtractions go through here with alpha Scalars that live as long as the process.
/// </summary>
internal static class ScalarOps
{
    /// <summary>alpha = 1, held by this field for the life of the process so it is never finalized.</summary>
    private static readonly Scalar One = 1.0.ToScalar();

    /// <summary>alpha = −1, for subtraction (a + (−1)·b is exactly a − b); TorchSharp's sub has no alpha overload.</summary>
    private static readonly Scalar MinusOne = (-1.0).ToScalar();

    public static Tensor Add(Tensor a, Tensor b) => a.add(b, One);

    public static Tensor Sub(Tensor a, Tensor b) => a.add(b, MinusOne);

    public static Tensor Add(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.add(s, One);
    }

    public static Tensor Sub(Tensor t, double value)
    {
        using var s = (-value).ToScalar();
        return t.add(s, One);
    }

    public static Tensor Mul(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.mul(s);
    }

    public static Tensor Div(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.div(s);
    }

    /// <summary>A copy of <paramref name="t"/> with <paramref name="source"/>[k] added at <paramref name="index"/>[k] along <paramref name="dim"/>.</summary>
    public static Tensor IndexAdd(Tensor t, long dim, Tensor index, Tensor source) => t.index_add(dim, index, source, One);

    /// <summary>A 1-D tensor of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    public static Tensor Full(long length, double value, ScalarType dtype, Device device)
    {
        using var s = value.ToScalar();
        return full([length], s, dtype: dtype, device: device);
    }
}
