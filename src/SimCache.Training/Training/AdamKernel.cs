using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;

namespace SimCache.Training.Training;

/// <summary>
/// One Adam step over raw float memory in a single pass: each element's parameter, gradient and two moments are read
/// once and written once, where the same update as separate tensor operations streams the moments through memory
/// about three times as often and allocates temporaries the size of the parameter. The arithmetic is PyTorch's
/// (no weight decay, no AMSGrad), element by element in float32 with fused multiply-adds, so every element's result
/// is the same whichever part of the vector, block or thread computes it: the update is deterministic.
/// </summary>
public static class AdamKernel
{
    /// <summary>The per-step constants of the update (they depend on the step number only).</summary>
    /// <param name="Beta1">Decay of the first moment.</param>
    /// <param name="OneMinusBeta1">1 − β1, rounded from double as torch rounds the Scalar (not 1 − (float)β1).</param>
    /// <param name="Beta2">Decay of the second moment.</param>
    /// <param name="OneMinusBeta2">1 − β2, rounded from double.</param>
    /// <param name="SqrtBias2">√(1 − β2ᵗ), the second moment's bias correction.</param>
    /// <param name="Eps">Added to the corrected root second moment.</param>
    /// <param name="NegativeStep">−lr / (1 − β1ᵗ): the first moment's bias correction folded into the step.</param>
    public readonly record struct Coefficients(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float SqrtBias2, float Eps, float NegativeStep)
    {
        /// <summary>The constants of update number <paramref name="step"/> (1 for the first update).</summary>
        public static Coefficients For(long step, double lr, double beta1, double beta2, double eps)
        {
            if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Adam counts its updates from 1.");
            double bias1 = 1 - Math.Pow(beta1, step), bias2 = 1 - Math.Pow(beta2, step);
            return new((float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), (float)Math.Sqrt(bias2), (float)eps, (float)(-lr / bias1));
        }
    }

    /// <summary>
    /// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε), for every element.
    /// </summary>
    public static void Step(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> firstMoment, Span<float> secondMoment, Coefficients c)
    {
        int n = parameter.Length;
        if (gradient.Length != n || firstMoment.Length != n || secondMoment.Length != n)
            throw new ArgumentException($"lengths differ: parameter {n}, gradient {gradient.Length}, moments {firstMoment.Length} and {secondMoment.Length}");
        float oneMinusBeta1 = c.OneMinusBeta1, oneMinusBeta2 = c.OneMinusBeta2;
        ref float p = ref MemoryMarshal.GetReference(parameter);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // One loop at the platform's natural vector width: the update is bound by memory traffic, not arithmetic.
            var b1 = new Vector<float>(c.Beta1);
            var a1 = new Vector<float>(oneMinusBeta1);
            var b2 = new Vector<float>(c.Beta2);
            var a2 = new Vector<float>(oneMinusBeta2);
            var sb2 = new Vector<float>(c.SqrtBias2);
            var eps = new Vector<float>(c.Eps);
            var step = new Vector<float>(c.NegativeStep);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref g, (nuint)i);
                var mi = Vector.FusedMultiplyAdd(a1, gi, Vector.LoadUnsafe(ref m, (nuint)i) * b1);
                var vi = Vector.FusedMultiplyAdd(a2, gi * gi, Vector.LoadUnsafe(ref v, (nuint)i) * b2);
                var denominator = Vector.SquareRoot(vi) / sb2 + eps;
                var pi = Vector.FusedMultiplyAdd(step, mi / denominator, Vector.LoadUnsafe(ref p, (nuint)i));
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                pi.StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++) Scalar(ref Unsafe.Add(ref p, i), Unsafe.Add(ref g, i), ref Unsafe.Add(ref m, i), ref Unsafe.Add(ref v, i), c, oneMinusBeta1, oneMinusBeta2);
    }

    /// <summary>The same arithmetic for one element, operation for operation (the vector lanes round identically).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar(ref float p, float g, ref float m, ref float v, Coefficients c, float oneMinusBeta1, float oneMinusBeta2)
    {
        m = MathF.FusedMultiplyAdd(oneMinusBeta1, g, m * c.Beta1);
        v = MathF.FusedMultiplyAdd(oneMinusBeta2, g * g, v * c.Beta2);
        float denominator = MathF.Sqrt(v) / c.SqrtBias2 + c.Eps;
        p = MathF.FusedMultiplyAdd(c.NegativeStep, m / denominator, p);
    }
}
