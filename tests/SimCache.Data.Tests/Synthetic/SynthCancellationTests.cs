using SimCache.Data.Synthetic;
using Xunit;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>The first Ctrl+C stops <c>data synth</c> within a chunk of users and leaves nothing behind.</summary>
public class SynthCancellationTests
{
    private sealed class CancelAfterFirstChunk(CancellationTokenSource cancel) : IProgress<long>
    {
        public long Last;

        public void Report(long value)
        {
            Last = value;
            cancel.Cancel();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StopsPromptlyAndRemovesWhatItStarted(int threads)
    {
        using var dir = new TempDir();
        var outDir = dir.File("synth");
        var options = SyntheticOptions.Preset("small") with { Users = 20_000, Items = 800, Clusters = 4, MaxDegreeOfParallelism = threads };
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirstChunk(cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => SyntheticGenerator.Generate(options, outDir, "test", progress, cancel.Token));
        Assert.Equal(256, progress.Last); // one chunk of users was written, then it stopped
        Assert.False(File.Exists(Path.Combine(outDir, SyntheticGenerator.RatingsFileName)));
        Assert.False(File.Exists(Path.Combine(outDir, SyntheticGenerator.ManifestFileName)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
    }

    [Fact]
    public void AStoppedRunIntoANewFolderLeavesNoFolder()
    {
        using var dir = new TempDir();
        var outDir = dir.File("synth");
        var options = SyntheticOptions.Preset("small") with { Users = 20_000, Items = 800, Clusters = 4 };
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SyntheticGenerator.Generate(options, outDir, "test", SimCache.Data.Progress.NullWorkReporter.Instance, cancel.Token));
        Assert.False(Path.Exists(outDir));
    }
}
