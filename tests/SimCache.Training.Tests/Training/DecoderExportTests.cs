using System.Security.Cryptography;
using System.Text;
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

        var decoder = DecoderFileReader.ReadAll(Path.Combine(run, RecommenderTrainer.DecoderFile));
        var manifest = DatasetManifest.Load(data);
        Assert.Equal(manifest.ItemIds.Count, decoder.Items);
        Assert.Equal(12, decoder.Dimension); // the output layer reads the 12-wide hidden layer, not the 6-d latent point

        var metrics = TrainedRun.LoadMetrics(run);
        using var model = (MultVae)TrainedRun.LoadModel(run, metrics, manifest.ItemIds.Count);
        var train = SparseRows.Load(data, "train");
        int[] users = [0, 7, 31, 100, 222];
        var dense = new float[users.Length * train.Columns];
        train.FillDense(users, dense);
        float[] own, hidden;
        using (NewDisposeScope())
        {
            var x = tensor(dense, [users.Length, train.Columns]);
            own = model.Scores(x).data<float>().ToArray();
            hidden = model.DecoderHidden(model.Encode(x)).data<float>().ToArray();
        }
        for (int u = 0; u < users.Length; u++)
        {
            var h = hidden.AsSpan(u * 12, 12).ToArray();
            var fromFile = Enumerable.Range(0, decoder.Items)
                .Select(i => decoder.Bias[i] + h.Select((v, k) => (double)v * decoder.Weights[i * 12 + k]).Sum()).ToArray();
            for (int i = 0; i < decoder.Items; i++) Assert.Equal(own[u * decoder.Items + i], fromFile[i], 1e-4);
            var top = fromFile.Select((s, i) => (s, i)).OrderByDescending(p => p.s).Take(10).Select(p => p.i).ToArray();
            var ownTop = own.AsSpan(u * decoder.Items, decoder.Items).ToArray().Select((s, i) => (s, i)).OrderByDescending(p => p.s).Take(10).Select(p => p.i).ToArray();
            Assert.Equal(ownTop, top);
        }
    }

    [Theory]
    [InlineData(TrainOptions.RecVae, RunIdentity.LatentInput)]
    [InlineData(TrainOptions.MultVae, RunIdentity.HiddenInput)]
    public void EveryFileOfARunCarriesTheCheckpointsHashAndTheItemSet(string model, string decoderInput)
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
        Assert.Equal(decoderInput, ArrowFileInfo.Inspect(Path.Combine(run, RecommenderTrainer.DecoderFile)).Metadata[RunIdentity.DecoderInputKey]);

        // Another seed is another run.
        var other = dir.File("other");
        RecommenderTrainer.Train(data, other, new TrainOptions { Model = model, Epochs = 1, Hidden = 16, Latent = 8, Batch = 64, Threads = 1, Seed = 5 }, "cmd");
        Assert.NotEqual(checkpointSha, ArrowFileInfo.Inspect(Path.Combine(other, RecommenderTrainer.DecoderFile)).Metadata[RunIdentity.RunIdKey]);
    }
}
