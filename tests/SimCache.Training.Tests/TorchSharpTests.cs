using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tests;

/// <summary>
/// Proves the TorchSharp native stack actually loads and computes in this build output. On Debian 12 that
/// only holds if build/TorchSharpNativePatch.targets patched libLibTorchSharp.so, so this is the end-to-end check.
/// </summary>
public sealed class TorchSharpTests
{
    [Fact]
    public void MatmulOfKnownMatricesMatchesHandComputedProduct()
    {
        // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12]
        //   row 1: 1*7+2*9+3*11 = 58,   1*8+2*10+3*12 = 64
        //   row 2: 4*7+5*9+6*11 = 139,  4*8+5*10+6*12 = 154
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, new long[] { 3, 2 });
        using var c = a.matmul(b);

        Assert.Equal(new long[] { 2, 2 }, c.shape);
        Assert.Equal(ScalarType.Float32, c.dtype);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }

    [Fact]
    public void GradientOfSumOfSquaresIsTwiceTheInput()
    {
        // d/dx sum(x^2) = 2x: exercises autograd, which training depends on.
        using var x = tensor(new double[] { -1.5, 0, 2 }, requires_grad: true);
        using var loss = x.pow(2).sum();
        loss.backward();

        Assert.Equal(6.25, loss.item<double>(), 12);
        using var grad = x.grad!;
        Assert.Equal(new double[] { -3, 0, 4 }, grad.data<double>().ToArray());
    }
}
