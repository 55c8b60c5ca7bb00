using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// Tensor–number arithmetic without TorchSharp's implicit <see cref="Scalar"/> conversions. An implicit Scalar
/// is left to the garbage collector, whose finalizer can free it while the native op is still reading it:
/// training then dies at random with "INTERNAL ASSERT FAILED at c10/core/Scalar.h" (seen here after ~20
/// epochs; TorchSharp PRs #1434/#1496). Here each Scalar is held until the op returns, then disposed.
/// </summary>
internal static class ScalarOps
{
    public static Tensor Add(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.add(s);
    }

    public static Tensor Sub(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.sub(s);
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

    /// <summary>A 1-D tensor of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    public static Tensor Full(long length, double value, ScalarType dtype, Device device)
    {
        using var s = value.ToScalar();
        return full([length], s, dtype: dtype, device: device);
    }
}
