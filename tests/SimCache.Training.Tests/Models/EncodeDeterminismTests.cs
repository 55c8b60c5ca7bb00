using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class EncodeDeterminismTests
{
    public static TheoryData<string> Models => ["RecVae", "MultVae"];

    private static IRecommenderModel Create(string name, long items) =>
        name == "RecVae" ? new RecVae(items) : new MultVae(items);

    private static Tensor RandomBinary(int users, int items, int seed)
    {
        var random = new Random(seed);
        var values = new float[users * items];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() < 0.2 ? 1f : 0f;
        return tensor(values, [users, items]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EncodeIsDeterministicWithShapeBatchBy200EvenInTrainingMode(string name)
    {
        manual_seed(1);
        using var model = Create(name, 30);
        using var scope = NewDisposeScope();
        var x = RandomBinary(7, 30, 2);
        model.SetTraining(true); // Encode must ignore the training flag: no dropout, z = mu
        var first = model.Encode(x);
        var second = model.Encode(x);
        Assert.Equal(new long[] { 7, 200 }, first.shape);
        Assert.Equal(ScalarType.Float32, first.dtype);
        Assert.False(first.requires_grad);
        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
        Assert.True(model.IsTraining);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SeedControlsInitialisationDropoutAndSampling(string name)
    {
        float[] Run(int seed)
        {
            manual_seed(seed);
            using var model = Create(name, 30);
            using var scope = NewDisposeScope();
            var x = RandomBinary(5, 30, 9);
            model.SetTraining(true);
            using var output = model.Forward(x, 0.5, KlWeighting.Gamma(0.005));
            return [.. output.Z.data<float>().ToArray(), .. output.Logits.data<float>().ToArray(), output.Loss!.Total.item<float>()];
        }

        var a = Run(42);
        var b = Run(42);
        var c = Run(43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
