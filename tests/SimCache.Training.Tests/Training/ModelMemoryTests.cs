using SimCache.Training.Models;
using SimCache.Training.Tests.Models;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

/// <summary>The memory estimate that refuses absurd sizes counts exactly the parameters the models allocate.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelMemoryTests
{
    [Theory]
    [InlineData(TrainOptions.RecVae, 37, 11, 5)]
    [InlineData(TrainOptions.MultVae, 37, 11, 5)]
    public void ParameterCountsAreThoseOfTheBuiltModels(string name, int items, int hidden, int latent)
    {
        using IRecommenderModel model = name == TrainOptions.RecVae ? new RecVae(items, hidden, latent) : new MultVae(items, hidden, latent);
        long all = ((TorchSharp.torch.nn.Module)model).parameters().Sum(p => p.numel());
        long trained = model.EncoderParameters().Concat(model.DecoderParameters()).Distinct().Sum(p => p.numel());
        var (weights, trainedCount) = ModelMemory.Parameters(new TrainOptions { Model = name, Hidden = hidden, Latent = latent }, items);
        Assert.Equal(all, weights);
        Assert.Equal(trained, trainedCount);
    }

    [Fact]
    public void SizesAreWrittenInTheLargestFittingUnit()
    {
        Assert.Equal("512 bytes", ModelMemory.Text(512));
        Assert.Equal("1.5 KB", ModelMemory.Text(1536));
        Assert.Equal("2 GB", ModelMemory.Text(2.0 * 1024 * 1024 * 1024));
    }
}
