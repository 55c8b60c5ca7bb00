using SimCache.Data.Arrow;
using SimCache.Training.Tests.Models;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

/// <summary>
/// Sparse or dense input is an implementation detail: a short training run through the sparse path ends with the
/// metrics, embeddings and decoder of the same run through the dense batch × items path, within float tolerance
/// (the two sum the same products in different orders, and the differences stay at rounding level over a few epochs).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SparseTrainingTests
{
    private static readonly TrainOptions Tiny = new() { Epochs = 3, Hidden = 32, Latent = 8, Batch = 64, Threads = 1, Seed = 5 };

    [Theory]
    [InlineData(TrainOptions.RecVae)]
    [InlineData(TrainOptions.MultVae)]
    public void TheSparsePathTrainsTheSameModelAsTheDensePath(string model)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var options = Tiny with { Model = model };
        var sparse = RecommenderTrainer.Train(data, dir.File("sparse"), options, "cmd");
        var dense = RecommenderTrainer.Train(data, dir.File("dense"), options with { DenseInput = true }, "cmd");

        Assert.Equal(dense.BestEpoch, sparse.BestEpoch);
        for (int e = 0; e < dense.Epochs.Count; e++)
        {
            Assert.Equal(dense.Epochs[e].TrainLoss, sparse.Epochs[e].TrainLoss, 1e-3 * Math.Abs(dense.Epochs[e].TrainLoss));
            Assert.Equal(dense.Epochs[e].ValidationNdcg100, sparse.Epochs[e].ValidationNdcg100, 1e-3);
        }
        foreach (var (name, value) in dense.Test) Assert.Equal(value, sparse.Test[name], 1e-3);
        foreach (var (name, value) in dense.Validation) Assert.Equal(value, sparse.Validation[name], 1e-3);

        var e1 = EmbeddingRows.Read(Path.Combine(dir.File("dense"), "embeddings.arrow"));
        var e2 = EmbeddingRows.Read(Path.Combine(dir.File("sparse"), "embeddings.arrow"));
        Assert.Equal(e1.Count, e2.Count);
        Assert.True(MaxDifference(e1.SelectMany(v => v), e2.SelectMany(v => v)) < 1e-3, "embeddings differ beyond rounding");
        var d1 = DecoderFileReader.ReadAll(Path.Combine(dir.File("dense"), "decoder.arrow"));
        var d2 = DecoderFileReader.ReadAll(Path.Combine(dir.File("sparse"), "decoder.arrow"));
        Assert.True(MaxDifference(d1.Weights.ToArray(), d2.Weights.ToArray()) < 1e-3, "decoder weights differ beyond rounding");
        // Not a vacuous comparison: training moved the weights far more than the tolerance.
        Assert.True(e2.SelectMany(v => v).Max(Math.Abs) > 0.05);
    }

    [Fact]
    public void TheSparsePathIsByteReproducible()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        RecommenderTrainer.Train(data, dir.File("a"), Tiny, "cmd");
        RecommenderTrainer.Train(data, dir.File("b"), Tiny, "cmd");
        foreach (var file in new[] { RecommenderTrainer.CheckpointFile, RecommenderTrainer.EmbeddingsFile, RecommenderTrainer.DecoderFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), file)), File.ReadAllBytes(Path.Combine(dir.File("b"), file)));
    }

    private static double MaxDifference(IEnumerable<float> a, IEnumerable<float> b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
