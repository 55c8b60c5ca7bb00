using SimCache.Training.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Training;

/// <summary>
/// The fused Adam pass against the update written out step by step in double precision (bias corrections over several
/// steps included), against the same update as the separate torch operations it replaces, and for position
/// independence: an element's result must not depend on whether a vector lane or the scalar tail computes it.
/// </summary>
[Collection(SimCache.Training.Tests.Models.TorchCollection.Name)]
public sealed class AdamKernelTests
{
    private const double Lr = 0.01, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    [Fact]
    public void MatchesTheFormulaComputedInDoubleOverSeveralSteps()
    {
        const int n = 37; // two 16-wide vectors and a tail of 5, or four 8-wide vectors and a tail of 5
        var p = new float[n];
        var m = new float[n];
        var v = new float[n];
        var ep = new double[n];
        var em = new double[n];
        var ev = new double[n];
        for (int i = 0; i < n; i++) ep[i] = p[i] = (float)(0.1 * i - 1.5);
        for (int t = 1; t <= 6; t++)
        {
            var g = new float[n];
            for (int i = 0; i < n; i++) g[i] = (float)(Math.Sin(i + 3.0 * t) * (t % 3 == 0 ? 0.01 : 2.0)); // changing sign and scale
            AdamKernel.Step(p, g, m, v, AdamKernel.Coefficients.For(t, Lr, Beta1, Beta2, Eps));
            double bias1 = 1 - Math.Pow(Beta1, t), bias2 = 1 - Math.Pow(Beta2, t);
            for (int i = 0; i < n; i++)
            {
                em[i] = Beta1 * em[i] + (1 - Beta1) * g[i];
                ev[i] = Beta2 * ev[i] + (1 - Beta2) * g[i] * g[i];
                ep[i] -= Lr / bias1 * em[i] / (Math.Sqrt(ev[i]) / Math.Sqrt(bias2) + Eps);
            }
        }
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(em[i], m[i], 1e-6 * Math.Max(1, Math.Abs(em[i])));
            Assert.Equal(ev[i], v[i], 1e-6 * Math.Max(1e-3, Math.Abs(ev[i])));
            Assert.Equal(ep[i], p[i], 1e-6);
        }
        Assert.True(Math.Abs(p[5] - (0.1 * 5 - 1.5)) > 1e-3, "the steps moved the parameters");
    }

    [Fact]
    public void TheFirstStepIsTheLearningRateTimesTheGradientsSign()
    {
        // After one step m̂ = g and v̂ = g², so θ moves by lr·g/(|g| + ε).
        float[] p = [1f, -2f, 0.5f];
        float[] g = [0.5f, -3f, 0f];
        var m = new float[3];
        var v = new float[3];
        AdamKernel.Step(p, g, m, v, AdamKernel.Coefficients.For(1, 0.1, Beta1, Beta2, Eps));
        Assert.Equal(0.9f, p[0], 6);
        Assert.Equal(-1.9f, p[1], 6);
        Assert.Equal(0.5f, p[2]); // no gradient and no history: unchanged
    }

    /// <summary>The update as the separate tensor operations the optimiser ran before (PyTorch's Adam).</summary>
    private static void TorchStep(Tensor p, Tensor g, Tensor m, Tensor v, long step)
    {
        double bias1 = 1 - Math.Pow(Beta1, step), bias2 = 1 - Math.Pow(Beta2, step);
        using var scope = NewDisposeScope();
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var sqrtBias2 = Math.Sqrt(bias2).ToScalar();
        using var eps = Eps.ToScalar();
        using var one = 1.0.ToScalar();
        using var negativeStep = (-Lr / bias1).ToScalar();
        m.mul_(beta1).add_(g, alpha: oneMinusBeta1);
        v.mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
        var denominator = v.sqrt().div_(sqrtBias2).add_(eps, one);
        p.addcdiv_(m, denominator, value: negativeStep);
    }

    [Fact]
    public void MatchesTheTorchOperationsOnRandomData()
    {
        manual_seed(17);
        const int n = 100_003;
        using var p = randn(n);
        using var m = zeros(n);
        using var v = zeros(n);
        var ours = p.data<float>().ToArray();
        var om = new float[n];
        var ov = new float[n];
        for (long t = 1; t <= 10; t++)
        {
            using var g = randn(n) * (t == 5 ? 1e-4 : 1.0);
            var gradient = g.data<float>().ToArray();
            TorchStep(p, g, m, v, t);
            AdamKernel.Step(ours, gradient, om, ov, AdamKernel.Coefficients.For(t, Lr, Beta1, Beta2, Eps));
        }
        var theirs = p.data<float>().ToArray();
        var tm = m.data<float>().ToArray();
        var tv = v.data<float>().ToArray();
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            worst = Math.Max(worst, Math.Abs(theirs[i] - ours[i]));
            Assert.Equal(tm[i], om[i], 1e-6f * Math.Max(1f, Math.Abs(tm[i])));
            Assert.Equal(tv[i], ov[i], 1e-6f * Math.Max(1f, Math.Abs(tv[i])));
        }
        Assert.True(worst <= 1e-6, $"parameters differ by up to {worst}");
    }

    [Fact]
    public void AnElementsResultDoesNotDependOnItsPosition()
    {
        var random = new Random(3);
        const int n = 45;
        float[] Draw() => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2))];
        float[] p = Draw(), g = Draw(), m = Draw(), v = [.. Draw().Select(x => x * x)];
        var c = AdamKernel.Coefficients.For(3, Lr, Beta1, Beta2, Eps);
        var (p0, m0, v0) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
        AdamKernel.Step(p0, g, m0, v0, c);
        // The same elements shifted by 3 (other lanes, some now in the scalar tail), and one element alone.
        for (int shift = 1; shift <= 3; shift += 2)
        {
            var (p1, m1, v1) = (new float[n + shift], new float[n + shift], new float[n + shift]);
            var g1 = new float[n + shift];
            p.CopyTo(p1, shift); m.CopyTo(m1, shift); v.CopyTo(v1, shift); g.CopyTo(g1, shift);
            AdamKernel.Step(p1, g1, m1, v1, c);
            Assert.Equal(p0, p1[shift..]);
            Assert.Equal(m0, m1[shift..]);
            Assert.Equal(v0, v1[shift..]);
        }
        float[] one = [p[20]], oneM = [m[20]], oneV = [v[20]];
        AdamKernel.Step(one, [g[20]], oneM, oneV, c);
        Assert.Equal(p0[20], one[0]);
    }

    [Fact]
    public void RefusesSpansOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => AdamKernel.Step(new float[4], new float[3], new float[4], new float[4], AdamKernel.Coefficients.For(1, Lr, Beta1, Beta2, Eps)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdamKernel.Coefficients.For(0, Lr, Beta1, Beta2, Eps));
    }
}
