using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class RecVaeLossTests
{
    private const int Items = 8;
    private const int LatentDim = 4;

    // User 0 has 2 items, user 1 has 4: the KL weights must be γ·2 and γ·4.
    private static readonly float[] TwoUsers = [1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0];

    private static double LogN(double z, double mu, double logvar) =>
        -0.5 * (logvar + Math.Log(2 * Math.PI) + (z - mu) * (z - mu) / Math.Exp(logvar));

    [Fact]
    public void TotalIsMeanOfNllPlusGammaTimesItemCountTimesKlPerUser()
    {
        const double gamma = 0.37;
        manual_seed(5);
        using var model = new RecVae(Items, hiddenDim: 6, latentDim: LatentDim);
        model.UpdatePrior();
        // Perturb the encoder so q and q_old differ and KL is not ~0.
        using (no_grad())
            foreach (var p in model.EncoderParameters()) p.add_(randn_like(p).mul(0.3));
        model.SetTraining(true);

        using var scope = NewDisposeScope();
        var x = tensor(TwoUsers, [2, Items]);
        using var output = model.Forward(x, dropoutRate: 0.0, KlWeighting.Gamma(gamma));
        var loss = output.Loss!;

        // The per-user weight is exactly γ·|x|.
        Assert.Equal(new[] { (float)(gamma * 2), (float)(gamma * 4) }, loss.KlWeight.data<float>().ToArray());

        // Recompute NLL and KL independently, in doubles, from the pass's own mu, logvar, z and logits.
        var mu = output.Mu.to_type(float64).data<double>().ToArray();
        var logvar = output.Logvar.to_type(float64).data<double>().ToArray();
        var z = output.Z.to_type(float64).data<double>().ToArray();
        var logits = output.Logits.to_type(float64).data<double>().ToArray();
        double[] muOld, logvarOld;
        using (no_grad())
        {
            var (m, lv) = model.Prior.OldEncoder.forward(x, 0.0);
            muOld = m.to_type(float64).data<double>().ToArray();
            logvarOld = lv.to_type(float64).data<double>().ToArray();
        }

        double total = 0;
        for (int u = 0; u < 2; u++)
        {
            var row = logits.Skip(u * Items).Take(Items).ToArray();
            double max = row.Max();
            double logSumExp = max + Math.Log(row.Sum(a => Math.Exp(a - max)));
            double nll = 0;
            int count = 0;
            for (int i = 0; i < Items; i++)
                if (TwoUsers[u * Items + i] > 0) { nll -= row[i] - logSumExp; count++; }

            double kl = 0;
            for (int j = 0; j < LatentDim; j++)
            {
                int k = u * LatentDim + j;
                double logQ = LogN(z[k], mu[k], logvar[k]);
                double logP = Math.Log(3.0 / 20 * Math.Exp(LogN(z[k], 0, 0)) + 3.0 / 4 * Math.Exp(LogN(z[k], muOld[k], logvarOld[k]))
                    + 1.0 / 10 * Math.Exp(LogN(z[k], 0, 10)));
                kl += logQ - logP;
            }
            Assert.Equal(nll, loss.Nll.data<float>()[u], 1e-4);
            Assert.Equal(kl, loss.Kl.data<float>()[u], 1e-4);
            total += nll + gamma * count * kl;
        }
        total /= 2;
        Assert.Equal(total, loss.Total.item<float>(), 1e-4);
        // The weight matters: a uniform weight γ (or the mean weight) gives a clearly different total.
        double klGap = Math.Abs(loss.Kl.data<float>()[0] - loss.Kl.data<float>()[1]);
        Assert.True(klGap > 1e-2, $"the users' KL terms should differ, got gap {klGap}");
    }

    [Fact]
    public void BetaWeightingIsTheSameForEveryUser()
    {
        manual_seed(6);
        using var model = new RecVae(Items, hiddenDim: 6, latentDim: LatentDim);
        using var scope = NewDisposeScope();
        var x = tensor(TwoUsers, [2, Items]);
        using var output = model.Forward(x, 0.0, KlWeighting.Beta(0.2));
        var loss = output.Loss!;
        Assert.Equal(new[] { 0.2f, 0.2f }, loss.KlWeight.data<float>().ToArray());
        var expected = loss.Nll.add(loss.Kl.mul(0.2)).mean().item<float>();
        Assert.Equal(expected, loss.Total.item<float>(), 1e-5);
    }

    [Fact]
    public void EvalModeUsesTheMeanAndTrainingModeSamples()
    {
        manual_seed(7);
        using var model = new RecVae(Items, hiddenDim: 6, latentDim: LatentDim);
        using var scope = NewDisposeScope();
        var x = tensor(TwoUsers, [2, Items]);
        model.SetTraining(false);
        using (var evalOutput = model.Forward(x, 0.5, KlWeighting.Gamma(0.005), computeLoss: false))
        {
            Assert.Null(evalOutput.Loss);
            Assert.Equal(evalOutput.Mu.data<float>().ToArray(), evalOutput.Z.data<float>().ToArray());
            using var scores = model.Scores(x);
            Assert.Equal(scores.data<float>().ToArray(), evalOutput.Logits.data<float>().ToArray());
        }
        model.SetTraining(true);
        using var trainOutput = model.Forward(x, 0.0, KlWeighting.Gamma(0.005));
        Assert.False(allclose(trainOutput.Mu, trainOutput.Z, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void LossGradientReachesEncoderAndDecoderButNotTheOldEncoder()
    {
        manual_seed(8);
        using var model = new RecVae(Items, hiddenDim: 6, latentDim: LatentDim);
        using var scope = NewDisposeScope();
        var x = tensor(TwoUsers, [2, Items]);
        using var output = model.Forward(x, 0.5, KlWeighting.Gamma(0.005));
        output.Loss!.Total.backward();
        Assert.All(model.EncoderParameters().Concat(model.DecoderParameters()), p => Assert.NotNull(p.grad));
        Assert.All(model.Prior.OldEncoder.parameters(), p => Assert.Null(p.grad));
    }
}
