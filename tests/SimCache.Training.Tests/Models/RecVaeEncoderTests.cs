using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class RecVaeEncoderTests
{
    private const int H = 3;
    private const int Latent = 2;

    private static double[,] LayerWeight(int k) => new double[H, H]
    {
        { 1.0, 0.2 * k, -0.1 },
        { -0.3, 1.0, 0.1 * k },
        { 0.05 * k, -0.2, 1.0 },
    };

    private static double[] LayerBias(int k) => [0.1 * k, -0.05 * k, 0.02];

    private static readonly double[,] MuWeight = { { 1.0, -0.5, 0.25 }, { 0.3, 0.7, -1.1 } };
    private static readonly double[] MuBias = [0.1, -0.2];
    private static readonly double[,] LogvarWeight = { { -0.4, 0.9, 0.2 }, { 0.6, -0.1, 0.5 } };
    private static readonly double[] LogvarBias = [-1.0, 0.3];

    private static RecVaeEncoder BuildTinyEncoder()
    {
        var encoder = new RecVaeEncoder(itemCount: H, hiddenDim: H, latentDim: Latent);
        for (int k = 1; k <= 5; k++)
        {
            ParameterWriter.Set(encoder, $"fc{k}.weight", LayerWeight(k));
            ParameterWriter.Set(encoder, $"fc{k}.bias", LayerBias(k), H);
        }
        ParameterWriter.Set(encoder, "fc_mu.weight", MuWeight);
        ParameterWriter.Set(encoder, "fc_mu.bias", MuBias, Latent);
        ParameterWriter.Set(encoder, "fc_logvar.weight", LogvarWeight);
        ParameterWriter.Set(encoder, "fc_logvar.bias", LogvarBias, Latent);
        return encoder;
    }

    private static double[] Affine(double[,] w, double[] b, double[] v)
    {
        var result = new double[w.GetLength(0)];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = b[i];
            for (int j = 0; j < v.Length; j++) result[i] += w[i, j] * v[j];
        }
        return result;
    }

    private static double Swish(double u) => u / (1 + Math.Exp(-u));

    private static double[] LayerNorm(double[] v)
    {
        double mean = v.Average();
        double variance = v.Select(a => (a - mean) * (a - mean)).Average(); // biased, as torch
        return v.Select(a => (a - mean) / Math.Sqrt(variance + 0.1)).ToArray();
    }

    /// <summary>The reference recursion in doubles; <paramref name="dense"/> false drops the skip sums (a control).</summary>
    private static (double[] Mu, double[] Logvar) Manual(double[] x, bool dense)
    {
        double norm = Math.Sqrt(x.Sum(a => a * a)) + 1e-10;
        var h = x.Select(a => a / norm).ToArray();
        var sum = new double[H];
        for (int k = 1; k <= 5; k++)
        {
            var pre = Affine(LayerWeight(k), LayerBias(k), h);
            if (dense && k > 1) pre = pre.Select((a, i) => a + sum[i]).ToArray();
            h = LayerNorm(pre.Select(Swish).ToArray());
            sum = sum.Select((a, i) => a + h[i]).ToArray();
        }
        return (Affine(MuWeight, MuBias, h), Affine(LogvarWeight, LogvarBias, h));
    }

    [Fact]
    public void DenseConnectivityMatchesManualComputation()
    {
        using var encoder = BuildTinyEncoder();
        encoder.eval();
        double[][] users = [[1, 0, 1], [0, 1, 0], [1, 1, 1]];
        using var scope = NewDisposeScope();
        var x = tensor(users.SelectMany(u => u).Select(a => (float)a).ToArray(), [users.Length, H]);
        var (mu, logvar) = encoder.forward(x, 0.0);
        var muValues = mu.data<float>().ToArray();
        var logvarValues = logvar.data<float>().ToArray();

        for (int u = 0; u < users.Length; u++)
        {
            var (expectedMu, expectedLogvar) = Manual(users[u], dense: true);
            var (plainMu, _) = Manual(users[u], dense: false);
            for (int j = 0; j < Latent; j++)
            {
                Assert.Equal(expectedMu[j], muValues[u * Latent + j], 1e-5);
                Assert.Equal(expectedLogvar[j], logvarValues[u * Latent + j], 1e-5);
            }
            // The control differs clearly, so a non-dense encoder could not pass the assertions above.
            Assert.True(expectedMu.Zip(plainMu).Max(p => Math.Abs(p.First - p.Second)) > 1e-2);
        }
    }

    [Fact]
    public void InputIsL2NormalisedSoScalingTheRowChangesNothing()
    {
        using var encoder = BuildTinyEncoder();
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 0, 1 }, [1, H]);
        var (mu1, _) = encoder.forward(x, 0.0);
        var (mu2, _) = encoder.forward(x.mul(5), 0.0);
        Assert.True(allclose(mu1, mu2, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void DropoutActsOnlyInTrainingMode()
    {
        manual_seed(3);
        using var encoder = new RecVaeEncoder(40, hiddenDim: 16, latentDim: 4);
        using var scope = NewDisposeScope();
        var x = ones(2, 40);
        encoder.eval();
        var (evalA, _) = encoder.forward(x, 0.5);
        var (evalB, _) = encoder.forward(x, 0.0);
        Assert.Equal(evalA.data<float>().ToArray(), evalB.data<float>().ToArray());
        encoder.train();
        var (trainA, _) = encoder.forward(x, 0.5);
        Assert.False(allclose(trainA, evalB, rtol: 0, atol: 1e-4));
    }
}
