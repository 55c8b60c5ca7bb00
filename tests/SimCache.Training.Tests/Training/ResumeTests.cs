using System.Text.Json;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Training.Tests.Models;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

/// <summary>
/// An interrupted run continued with <c>--resume</c> must end exactly where an uninterrupted run with the same seed
/// ends: same per-epoch validation NDCG and loss, same best epoch, same test metrics, same embeddings and decoder.
/// The interruption is real: the run is cancelled in the middle of an epoch, so the partial epoch is discarded
/// and replayed from the saved state (model, both Adam states, shuffler, torch generator).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ResumeTests
{
    private static readonly TrainOptions Tiny = new() { Epochs = 4, Hidden = 32, Latent = 8, Batch = 64, Threads = 1, Seed = 5 };

    [Theory]
    [InlineData(TrainOptions.RecVae)]
    [InlineData(TrainOptions.MultVae)]
    public void AResumedRunEndsWithTheUninterruptedRunsResults(string model)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var options = Tiny with { Model = model };

        var straight = dir.File("straight");
        var expected = RecommenderTrainer.Train(data, straight, options, "cmd");

        var interrupted = dir.File("interrupted");
        using var cancel = new CancellationTokenSource();
        // Cancel as soon as epoch 2 has been logged: the run stops inside epoch 3's first batches.
        Assert.ThrowsAny<OperationCanceledException>(() => RecommenderTrainer.Train(data, interrupted, options, "cmd", null,
            line => { if (line.StartsWith("epoch 2:", StringComparison.Ordinal)) cancel.Cancel(); }, cancel.Token));
        Assert.True(File.Exists(Path.Combine(interrupted, "resume.bin")));
        Assert.False(File.Exists(Path.Combine(interrupted, RunMetrics.FileName)));

        var resumedLog = new List<string>();
        var resumed = RecommenderTrainer.Resume(interrupted, null, null, null, resumedLog.Add);
        Assert.Contains(resumedLog, l => l.StartsWith("resuming after epoch 2 of 4", StringComparison.Ordinal));
        Assert.Equal(2, resumedLog.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal))); // epochs 3 and 4 only

        Assert.Equal(expected.BestEpoch, resumed.BestEpoch);
        Assert.Equal(expected.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationNdcg100)), resumed.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationNdcg100)));
        Assert.Equal(expected.Validation, resumed.Validation);
        Assert.Equal(expected.Test, resumed.Test);
        Assert.Equal(EmbeddingRows.Read(Path.Combine(straight, "embeddings.arrow")), EmbeddingRows.Read(Path.Combine(interrupted, "embeddings.arrow")));
        if (model == TrainOptions.RecVae)
            Assert.Equal(DecoderFileReader.ReadAll(Path.Combine(straight, "decoder.arrow")).Weights.ToArray(),
                DecoderFileReader.ReadAll(Path.Combine(interrupted, "decoder.arrow")).Weights.ToArray());
        Assert.False(File.Exists(Path.Combine(interrupted, "resume.bin"))); // a completed run keeps no resume state
    }

    [Fact]
    public void ResumeRefusesACompletedRunAFolderWithoutStateAndAChangedDataSet()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, Tiny with { Epochs = 1 }, "cmd");
        Assert.Contains("complete", Assert.Throws<UsageException>(() => RecommenderTrainer.Resume(run, null, null)).Message);
        Assert.Contains("no resume.bin", Assert.Throws<UsageException>(() => RecommenderTrainer.Resume(dir.File("empty"), null, null)).Message);

        var partial = dir.File("partial");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => RecommenderTrainer.Train(data, partial, Tiny, "cmd", null,
            line => { if (line.StartsWith("epoch 1:", StringComparison.Ordinal)) cancel.Cancel(); }, cancel.Token));
        // Training afresh into an interrupted run's folder would silently throw its progress away.
        Assert.Contains("--resume", Assert.Throws<UsageException>(() => RecommenderTrainer.Train(data, partial, Tiny, "cmd")).Message);

        using var otherDir = new TempDir();
        var other = TinyDataset.Create(otherDir, seed: 12);
        Assert.Contains("hashes", Assert.Throws<UsageException>(() => RecommenderTrainer.Resume(partial, other, null)).Message);

        var state = Path.Combine(partial, "resume.bin");
        File.WriteAllBytes(state, File.ReadAllBytes(state)[..200]);
        Assert.Contains("resume.bin", Assert.Throws<DataFormatException>(() => RecommenderTrainer.Resume(partial, null, null)).Message);
    }
}
