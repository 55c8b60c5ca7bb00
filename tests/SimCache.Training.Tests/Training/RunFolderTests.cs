using System.Diagnostics;
using SimCache.Data.IO;
using SimCache.Training.Tests.Models;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

/// <summary>
/// What <c>train</c> does with its output folder: it refuses another run unless forced and then replaces it whole,
/// leaves no folder when it fails before saving anything, and recovers from a kill while a checkpoint was being
/// written (the temporaries of a dead process are removed; the run continues or starts over).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RunFolderTests
{
    private const string ResumeName = "resume.bin";

    private static readonly TrainOptions Tiny = new() { Epochs = 2, Hidden = 16, Latent = 8, Batch = 64, Threads = 1, Seed = 5 };

    /// <summary>The id of a process that has exited, for temporaries "left by a killed run".</summary>
    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void AnotherRunIsRefusedAndForceReplacesItWhole()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, Tiny with { Epochs = 1 }, "first");
        var before = TempDir.Snapshot(run);

        var e = Assert.Throws<DataFormatException>(() => RecommenderTrainer.Train(data, run, new TrainOptions { Model = TrainOptions.Popularity }, "second"));
        Assert.Contains("already holds a run", e.Message);
        Assert.Contains("--force", e.Message);
        Assert.Equal(before, TempDir.Snapshot(run));

        var log = new List<string>();
        RecommenderTrainer.Train(data, run, new TrainOptions { Model = TrainOptions.Popularity }, "second", null, log.Add, force: true);
        Assert.Equal([RunMetrics.FileName], Directory.GetFileSystemEntries(run).Select(f => Path.GetFileName(f)!).ToArray()); // no RecVAE model, embeddings or decoder left
        Assert.Equal(TrainOptions.Popularity, TrainedRun.LoadMetrics(run).Model);
        Assert.Contains(log, l => l.Contains("replacing", StringComparison.Ordinal));

        // A folder with anything this tool did not write is never replaced, forced or not.
        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
        File.Delete(Path.Combine(run, RunMetrics.FileName));
        Assert.Contains("not something this tool wrote", Assert.Throws<DataFormatException>(() =>
            RecommenderTrainer.Train(data, run, new TrainOptions { Model = TrainOptions.Popularity }, "third", force: true)).Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.txt")));
    }

    [Fact]
    public void FailuresBeforeTheFirstSavedEpochLeaveNoFolder()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);

        var huge = dir.File("huge");
        var e = Assert.Throws<UsageException>(() => RecommenderTrainer.Train(data, huge, Tiny with { Hidden = 100_000_000 }, "cmd"));
        Assert.Contains("--hidden 100000000", e.Message);
        Assert.Contains("needs about", e.Message);
        Assert.False(Directory.Exists(huge));

        var cancelled = dir.File("cancelled");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => RecommenderTrainer.Train(data, cancelled, Tiny, "cmd", cancel: cancel.Token));
        Assert.False(Directory.Exists(cancelled));

        var broken = dir.File("broken");
        Directory.CreateDirectory(broken);
        foreach (var f in Directory.GetFiles(data)) File.Copy(f, Path.Combine(broken, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(broken, "test_te.arrow"), "not arrow");
        var out2 = dir.File("out2");
        Assert.Throws<DataFormatException>(() => RecommenderTrainer.Train(broken, out2, Tiny, "cmd"));
        Assert.False(Directory.Exists(out2));
    }

    [Fact]
    public void ResumeStartsOverWhenTheRunWasKilledWhileSavingItsFirstEpoch()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var expected = RecommenderTrainer.Train(data, dir.File("straight"), Tiny, "cmd");

        var run = dir.File("run");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => RecommenderTrainer.Train(data, run, Tiny, "cmd", null,
            line => { if (line.StartsWith("epoch 1:", StringComparison.Ordinal)) cancel.Cancel(); }, cancel.Token));
        // As if killed half-way through writing the first resume.bin: only a partial temporary of a dead process remains.
        var state = Path.Combine(run, ResumeName);
        var bytes = File.ReadAllBytes(state);
        var partial = Path.Combine(run, $".{ResumeName}.tmp-{DeadPid()}-0badc0de");
        File.WriteAllBytes(partial, bytes[..(bytes.Length / 2)]);
        File.Delete(state);

        var log = new List<string>();
        var resumed = RecommenderTrainer.Resume(run, null, null, null, log.Add);
        Assert.Contains(log, l => l.Contains("starting it over from epoch 1", StringComparison.Ordinal));
        Assert.Equal(expected.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationNdcg100)), resumed.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationNdcg100)));
        Assert.Equal(expected.Test, resumed.Test);
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public void AKillDuringTheFirstCheckpointWriteIsRecoveredByResumeAndByAFreshRun()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);

        // Killed while model.bin was written (before any resume state): resume has nothing to continue, says so and clears it.
        var run = dir.File("run");
        Directory.CreateDirectory(run);
        var checkpointTemp = Path.Combine(run, $".{RecommenderTrainer.CheckpointFile}.tmp-{DeadPid()}-0badc0de");
        File.WriteAllBytes(checkpointTemp, new byte[100]);
        var e = Assert.Throws<UsageException>(() => RecommenderTrainer.Resume(run, null, null));
        Assert.Contains("killed while saving its first epoch", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(run));
        RecommenderTrainer.Train(data, run, Tiny with { Epochs = 1 }, "cmd");
        Assert.True(File.Exists(Path.Combine(run, RunMetrics.FileName)));

        // The same left by an older version (model.bin.tmp), and a checkpoint with a resume temporary whose header never
        // reached the disk: a fresh run takes the folder over.
        foreach (var leftovers in new[]
        {
            new[] { RecommenderTrainer.CheckpointFile + ".tmp" },
            new[] { RecommenderTrainer.CheckpointFile, $".{ResumeName}.tmp-{DeadPid()}-12345678" },
        })
        {
            var folder = dir.File("left-" + leftovers.Length);
            Directory.CreateDirectory(folder);
            foreach (var name in leftovers) File.WriteAllBytes(Path.Combine(folder, name), new byte[10]);
            var log = new List<string>();
            RecommenderTrainer.Train(data, folder, Tiny with { Epochs = 1 }, "cmd", null, log.Add);
            Assert.Contains(log, l => l.Contains("starting over", StringComparison.Ordinal));
            Assert.Equal(
                new[] { RecommenderTrainer.DecoderFile, RecommenderTrainer.EmbeddingsFile, RunMetrics.FileName, RecommenderTrainer.CheckpointFile }.Order(),
                Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        }
    }
}
