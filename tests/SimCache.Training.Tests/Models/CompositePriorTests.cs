using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class CompositePriorTests
{
    private static double LogN(double z, double mu, double logvar) =>
        -0.5 * (logvar + Math.Log(2 * Math.PI) + (z - mu) * (z - mu) / Math.Exp(logvar));

    /// <summary>log(3/20·N(z;0,1) + 3/4·N(z;mu,e^logvar) + 1/10·N(z;0,e^10)) in plain doubles, no log-sum-exp trick.</summary>
    private static double MixtureByHand(double z, double mu, double logvar) =>
        Math.Log(3.0 / 20 * Math.Exp(LogN(z, 0, 0)) + 3.0 / 4 * Math.Exp(LogN(z, mu, logvar)) + 1.0 / 10 * Math.Exp(LogN(z, 0, 10)));

    [Fact]
    public void LogNormalDensityMatchesFormula()
    {
        double[] z = [0.3, -1.2, 2.5], mu = [0.0, 0.5, -1.0], logvar = [0.0, -2.0, 1.5];
        using var result = CompositePrior.LogNormalDensity(tensor(z), tensor(mu), tensor(logvar));
        var values = result.data<double>().ToArray();
        for (int i = 0; i < z.Length; i++)
            Assert.Equal(LogN(z[i], mu[i], logvar[i]), values[i], 1e-12);
        // Standard normal at 0: −0.5·log 2π.
        using var atZero = CompositePrior.LogNormalDensity(zeros(1, dtype: float64), 0.0, 0.0);
        Assert.Equal(-0.5 * Math.Log(2 * Math.PI), atZero.item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void MixtureLogDensityMatchesDirectComputationPerDimension(ScalarType dtype)
    {
        // One user, four latent dimensions; z far out (8.0) is dominated by the wide component, z near mu_old by q_old.
        double[] z = [0.3, -1.2, 8.0, 0.01];
        double[] muOld = [0.25, 1.0, -0.5, 0.0];
        double[] logvarOld = [-3.0, 0.5, -1.0, -6.0];
        using var scope = NewDisposeScope();
        var result = CompositePrior.LogDensity(
            tensor(z, [1, 4], dtype), tensor(muOld, [1, 4], dtype), tensor(logvarOld, [1, 4], dtype));

        Assert.Equal(new long[] { 1, 4 }, result.shape);
        var values = result.to_type(float64).data<double>().ToArray();
        for (int j = 0; j < z.Length; j++)
            Assert.Equal(MixtureByHand(z[j], muOld[j], logvarOld[j]), values[j], 1e-5);
    }

    [Fact]
    public void ForwardUsesTheOldEncoderSnapshotWithoutDropout()
    {
        manual_seed(11);
        const int items = 6;
        using var model = new RecVae(items, hiddenDim: 8, latentDim: 3);
        using var scope = NewDisposeScope();
        model.SetTraining(true);
        var x = tensor(new float[] { 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1 }, [2, items]);
        var z = randn(2, 3);

        var before = model.Prior.forward(x, z);
        model.UpdatePrior();
        var after = model.Prior.forward(x, z);
        // Training mode is on, yet the old encoder runs with dropout 0: two calls agree exactly.
        var again = model.Prior.forward(x, z);

        using (no_grad())
        {
            var (mu, logvar) = model.Encoder.forward(x, 0.0);
            var expected = CompositePrior.LogDensity(z, mu, logvar);
            Assert.True(allclose(after, expected, rtol: 0, atol: 1e-6));
        }
        Assert.Equal(after.data<float>().ToArray(), again.data<float>().ToArray());
        Assert.False(allclose(before, after, rtol: 0, atol: 1e-4)); // the snapshot really changed the prior
    }

    [Fact]
    public void OldEncoderIsFrozenAndNotAmongTrainableParameters()
    {
        using var model = new RecVae(5, hiddenDim: 4, latentDim: 2);
        Assert.All(model.Prior.OldEncoder.parameters(), p => Assert.False(p.requires_grad));
        var trainable = model.EncoderParameters().Concat(model.DecoderParameters()).Select(p => p.Handle).ToHashSet();
        Assert.DoesNotContain(model.Prior.OldEncoder.parameters(), p => trainable.Contains(p.Handle));
        Assert.All(model.EncoderParameters(), p => Assert.True(p.requires_grad));
        // encoder: 5 × (fc w, b, ln w, b) + 2 heads × (w, b) = 24 tensors; decoder: w, b.
        Assert.Equal(24, model.EncoderParameters().Count);
        Assert.Equal(2, model.DecoderParameters().Count);
    }
}
