using System.Security.Cryptography;
using System.Text;
using SimCache.Caching.Answers;
using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Training.Data;
using SimCache.Training.Models;
using SimCache.Training.Tests.Models;
using SimCache.Training.Tracing;
using SimCache.Training.Training;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Training;

/// <summary>
/// decoder.arrow of every model that ranks items, and the run identity that every file of a run carries: the
/// decoder must rank as the model itself does, and a trace, the embeddings and the decoder of one run must name
/// the same checkpoint and item set (recomputed here from model.bin and dataset.json).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderExportTests
{
    [Fact]
    public void AMultVaeDecoderReproducesTheModelsOwnTopN()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, new TrainOptions { Model = TrainOptions.MultVae, Epochs = 1, Hidden = 12, Latent = 6, Batch = 64, Threads = 1, Seed = 4 }, "cmd");

        var decoder = DecoderFileReader.ReadAll(Path.Combine(run, RecommenderTrainer.DecoderFile), expectedDimension: 6);
        var manifest = DatasetManifest.Load(data);
        Assert.Equal(manifest.ItemIds.Count, decoder.Items);
        Assert.Equal(12, decoder.Dimension); // the output layer reads the 12-wide hidden layer…
        Assert.Equal(6, decoder.InputDimension); // …which the file's input layer computes from the 6-d latent point
        var layer = Assert.IsType<DecoderInputLayer>(decoder.InputLayer);
        Assert.Equal("tanh", layer.Activation);

        var metrics = TrainedRun.LoadMetrics(run);
        using var model = (MultVae)TrainedRun.LoadModel(run, metrics, manifest.ItemIds.Count);
        var train = SparseRows.Load(data, "train");
        int[] users = [0, 7, 31, 100, 222];
        var dense = new float[users.Length * train.Columns];
        train.FillDense(users, dense);
        float[] own, mu;
        using (NewDisposeScope())
        {
            var x = tensor(dense, [users.Length, train.Columns]);
            own = model.Scores(x).data<float>().ToArray();
            mu = model.Encode(x).data<float>().ToArray();
        }
        // The cache stage's scorer, from the latent point alone (the trace holds mu), must rank as the model does.
        var scorer = new DecoderScorer(decoder);
        var scores = new float[decoder.Items];
        var top = new int[10];
        var batch = new int[users.Length * 10];
        scorer.TopNBatch(mu, users.Length, 10, batch);
        for (int u = 0; u < users.Length; u++)
        {
            var z = mu.AsSpan(u * 6, 6);
            var ownScores = own.AsSpan(u * decoder.Items, decoder.Items).ToArray();
            scorer.Scores(z, scores);
            for (int i = 0; i < decoder.Items; i++) Assert.Equal(ownScores[i], scores[i], 1e-4);
            var ownTop = ownScores.Select((s, i) => (s, i)).OrderByDescending(p => p.s).ThenBy(p => p.i).Take(10).Select(p => p.i).ToArray();
            Assert.Equal(10, scorer.TopN(z, 10, top));
            Assert.Equal(ownTop, top);
            Assert.Equal(ownTop, batch.AsSpan(u * 10, 10).ToArray());
        }
    }

    [Theory]
    [InlineData(TrainOptions.RecVae, RunIdentity.LatentInput, null)]
    [InlineData(TrainOptions.MultVae, RunIdentity.LatentInput, "tanh")]
    public void EveryFileOfARunCarriesTheCheckpointsHashAndTheItemSet(string model, string decoderInput, string? inputLayer)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, new TrainOptions { Model = model, Epochs = 1, Hidden = 16, Latent = 8, Batch = 64, Threads = 1, Seed = 4 }, "cmd");
        var trace = dir.File("trace.arrow");
        TraceBuilder.Build(run, data, trace, new TraceOptions { MinRatings = 20, Answers = 5, Threads = 1 }, "cmd");

        var checkpointSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(run, RecommenderTrainer.CheckpointFile))));
        var ids = DatasetManifest.Load(data).ItemIds;
        var itemSetSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(ids.Select(i => i + "\n")))));
        foreach (var file in new[] { Path.Combine(run, RecommenderTrainer.DecoderFile), Path.Combine(run, RecommenderTrainer.EmbeddingsFile), trace })
        {
            var meta = ArrowFileInfo.Inspect(file).Metadata;
            Assert.Equal(checkpointSha, meta[RunIdentity.RunIdKey]);
            Assert.Equal(itemSetSha, meta[RunIdentity.ItemSetKey]);
            Assert.Equal(ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), meta[RunIdentity.ItemsKey]);
        }
        var decoderMeta = ArrowFileInfo.Inspect(Path.Combine(run, RecommenderTrainer.DecoderFile)).Metadata;
        Assert.Equal(decoderInput, decoderMeta[RunIdentity.DecoderInputKey]);
        // Mult-VAE's decoder says it has an input layer (latent 8 → hidden 16, tanh); RecVAE's reads the latent point itself.
        Assert.Equal(inputLayer, decoderMeta.GetValueOrDefault(DecoderInputLayer.ActivationKey));
        Assert.Equal(inputLayer is null ? null : "16x8", decoderMeta.GetValueOrDefault(DecoderInputLayer.ShapeKey));

        // Another seed is another run.
        var other = dir.File("other");
        RecommenderTrainer.Train(data, other, new TrainOptions { Model = model, Epochs = 1, Hidden = 16, Latent = 8, Batch = 64, Threads = 1, Seed = 5 }, "cmd");
        Assert.NotEqual(checkpointSha, ArrowFileInfo.Inspect(Path.Combine(other, RecommenderTrainer.DecoderFile)).Metadata[RunIdentity.RunIdKey]);
    }
}
