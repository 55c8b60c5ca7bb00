using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// <c>simulate</c> and <c>sweep</c> refuse a trace and a decoder that do not belong together (another run, another
/// item set, a decoder over another space, answers naming items the decoder lacks) with exit code 2, naming both
/// files, before anything is written; files without a run identity pass with a warning.
/// </summary>
public sealed class SimulateDecoderPairingTests(TrainedRuns runs) : IClassFixture<TrainedRuns>
{
    private const string Knn = "knn-cache(capacity=30)";

    private static CliHarness.Result Simulate(string trace, string decoder, string outDir) =>
        CliHarness.Run("simulate", "--trace", trace, "--decoder", decoder, "--cache", Knn, "--out", outDir);

    [Fact]
    public void TheRunsOwnDecoderIsAccepted()
    {
        using var dir = new TempDir();
        var r = Simulate(runs.TraceA, runs.Decoder(runs.RunA), dir.File("o"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("warning", r.Err);
    }

    [Fact]
    public void ADecoderOfAnotherRunIsRefusedNamingBothFiles()
    {
        using var dir = new TempDir();
        var outDir = dir.File("o");
        var r = Simulate(runs.TraceA, runs.Decoder(runs.RunB), outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.Contains(runs.TraceA, r.Err);
        Assert.Contains(runs.Decoder(runs.RunB), r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void AMultVaeTraceWithARecVaeDecoderIsRefused()
    {
        using var dir = new TempDir();
        var r = Simulate(runs.TraceM, runs.Decoder(runs.RunA), dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void AMultVaeDecoderCannotAnswerForLatentKeys()
    {
        using var dir = new TempDir();
        var r = Simulate(runs.TraceM, runs.Decoder(runs.RunM), dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("hidden layer", r.Err);
        Assert.Contains(runs.Decoder(runs.RunM), r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void ADecoderOverAnotherItemSetIsRefused()
    {
        using var dir = new TempDir();
        var trace = ArrowFileInfo.Inspect(runs.TraceA).Metadata;
        var original = DecoderFileReader.ReadAll(runs.Decoder(runs.RunA));
        // The same run id and item count, but other item ids: as if the item catalogue had been re-indexed.
        var forged = dir.File("forged.arrow");
        using (var w = new DecoderFileWriter(forged, original.Dimension, Provenance.For("test", null), new Dictionary<string, string>
        {
            [RunIdentity.RunIdKey] = trace[RunIdentity.RunIdKey],
            [RunIdentity.ItemsKey] = trace[RunIdentity.ItemsKey],
            [RunIdentity.ItemSetKey] = RunIdentity.ItemSetHash(original.ItemIds.Reverse().ToArray()),
        }))
        {
            for (int i = 0; i < original.Items; i++) w.Append(i, original.ItemIds[original.Items - 1 - i], original.Row(i), original.Bias[i]);
            w.Complete();
        }
        var r = Simulate(runs.TraceA, forged, dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different item sets", r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void FilesWithoutIdentityPassWithAWarningButNotWithAnswersBeyondTheDecoder()
    {
        using var dir = new TempDir();
        var ok = Simulate(RepoFiles.GoldenTrace, RepoFiles.GoldenDecoder, dir.File("o"));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("warning:", ok.Err);
        Assert.Contains("without a run identity", ok.Err);

        // The golden decoder cut to its first 20 items: the golden trace's answers name items beyond them.
        var golden = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        var cut = dir.File("cut.arrow");
        using (var w = new DecoderFileWriter(cut, golden.Dimension, Provenance.For("test", null)))
        {
            for (int i = 0; i < 20; i++) w.Append(i, golden.ItemIds[i], golden.Row(i), golden.Bias[i]);
            w.Complete();
        }
        var r = Simulate(RepoFiles.GoldenTrace, cut, dir.File("o2"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has only 20 items", r.Err);
        Assert.False(Directory.Exists(dir.File("o2")));
    }

    [Fact]
    public void TheSweepRefusesADecoderOfAnotherRunBeforeWritingAnything()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", """
            { "experiments": [ { "name": "s", "data": { "synthetic": {} },
              "sweep": { "caches": [ { "policy": "knn-cache", "capacity": [30] } ], "seeds": [1] } } ] }
            """);
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", runs.TraceA, "--decoder", runs.Decoder(runs.RunB), "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.Contains(runs.Decoder(runs.RunB), r.Err);
        Assert.False(Directory.Exists(outDir));
    }
}
