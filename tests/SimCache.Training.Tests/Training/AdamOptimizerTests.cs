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

    [Fact]
    public void ReleasedGradientsCountAsZeroSoTheMomentsStillDecay()
    {
        // Step 1 with g = (2, −1); ZeroGrad releases the gradient; step 2 runs without a backward pass, which must be
        // the update with g = 0: m₂ = β1·m₁, v₂ = β2·v₁ (computed here in double).
        const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0f, 1.0f }));
        using var adam = new AdamOptimizer([p], lr);
        p.mul(tensor(new[] { 2.0f, -1.0f })).sum().backward();
        adam.Step();
        adam.ZeroGrad();
        Assert.Null(p.grad);
        adam.Step();
        double[] g = [2, -1];
        for (int i = 0; i < 2; i++)
        {
            double m1 = (1 - b1) * g[i], v1 = (1 - b2) * g[i] * g[i];
            double x = 1 - lr / (1 - b1) * m1 / (Math.Sqrt(v1) / Math.Sqrt(1 - b2) + eps);
            double m2 = b1 * m1, v2 = b2 * v1;
            x -= lr / (1 - b1 * b1) * m2 / (Math.Sqrt(v2) / Math.Sqrt(1 - b2 * b2) + eps);
            Assert.Equal(x, p.data<float>()[i], 5);
        }
        Assert.NotEqual(0.9f, p.data<float>()[0], 3); // the second step moved it further
    }

    [Fact]
    public void MomentsOfAParameterHeldTransposedAreSavedInTheCheckpointsLayout()
    {
        // A 3 × 2 parameter held transposed (as the item-major first layer) saves its moments as 2 × 3, the values
        // transposed; reading them back restores the moments exactly.
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [3, 2]));
        using var adam = new AdamOptimizer([p], lr: 0.1, savedTransposed: [p]);
        p.mul(tensor(new[] { 1f, -2f, 3f, -4f, 5f, -6f }, [3, 2])).sum().backward(); // gradient g[i, j] = ±(2i + j + 1)
        adam.Step();
        using var saved = new MemoryStream();
        adam.WriteState(new BinaryWriter(saved));
        var reader = new BinaryReader(new MemoryStream(saved.ToArray()));
        Assert.Equal(1L, reader.ReadInt64());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(2, reader.ReadInt32()); // rank
        Assert.Equal(2L, reader.ReadInt64()); // rows of the saved layout
        Assert.Equal(3L, reader.ReadInt64());
        var first = Enumerable.Range(0, 6).Select(_ => reader.ReadSingle()).ToArray();
        float[] g = [1, -2, 3, -4, 5, -6]; // held layout, row-major 3 × 2
        for (int j = 0; j < 2; j++)
            for (int i = 0; i < 3; i++)
                Assert.Equal(0.1f * g[i * 2 + j], first[j * 3 + i], 6); // m₁ = (1 − β1)·g, transposed

        var q = new TorchSharp.Modules.Parameter(tensor(p.data<float>().ToArray(), [3, 2])); // where p is after its first step
        using var restored = new AdamOptimizer([q], lr: 0.1, savedTransposed: [q]);
        restored.ReadState(new BinaryReader(new MemoryStream(saved.ToArray())));
        using var again = new MemoryStream();
        restored.WriteState(new BinaryWriter(again));
        Assert.Equal(saved.ToArray(), again.ToArray());
        q.mul(tensor(new[] { 1f, -2f, 3f, -4f, 5f, -6f }, [3, 2])).sum().backward();
        restored.Step();
        p.grad = null;
        p.mul(tensor(new[] { 1f, -2f, 3f, -4f, 5f, -6f }, [3, 2])).sum().backward();
        adam.Step();
        Assert.Equal(p.data<float>().ToArray(), q.data<float>().ToArray()); // the restored moments are the held layout's
    }
}
