using SimCache.Training.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Training;

[Collection(SimCache.Training.Tests.Models.TorchCollection.Name)]
public class AdamOptimizerTests
{
    [Fact]
    public void FirstStepMovesEachParameterByTheLearningRateAgainstItsGradient()
    {
        // With m̂ = g and v̂ = g² after one step, the update is lr·g/(|g| + ε) ≈ lr·sign(g).
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0f, -2.0f }));
        using var adam = new AdamOptimizer([p], lr: 0.1);
        var loss = p.mul(tensor(new[] { 0.5f, -3.0f })).sum(); // gradient (0.5, −3)
        loss.backward();
        adam.Step();
        var v = p.data<float>().ToArray();
        Assert.Equal(0.9f, v[0], 5);
        Assert.Equal(-1.9f, v[1], 5);
        Assert.Equal(1, adam.Steps);
    }

    [Fact]
    public void MatchesTorchSharpsAdamOverManySteps()
    {
        manual_seed(5);
        var start = randn(4, 3);
        var target = randn(4, 3);
        var a = new TorchSharp.Modules.Parameter(start.clone());
        var b = new TorchSharp.Modules.Parameter(start.clone());
        using var ours = new AdamOptimizer([a], lr: 0.01);
        using var theirs = optim.Adam([b], lr: 0.01);
        for (int step = 0; step < 50; step++)
        {
            ours.ZeroGrad();
            a.sub(target).pow(2).sum().backward();
            ours.Step();
            theirs.zero_grad();
            b.sub(target).pow(2).sum().backward();
            theirs.step();
        }
        var x = a.data<float>().ToArray();
        var y = b.data<float>().ToArray();
        for (int i = 0; i < x.Length; i++) Assert.Equal(y[i], x[i], 5);
        Assert.NotEqual(start.data<float>()[0], x[0]);
    }
}
