using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>
/// Writes one file of each kind for the Node check in <c>.ci/arrow-check</c>: set SIMCACHE_ARROW_SAMPLES to a
/// folder to keep them (CI does, then runs <c>node check.mjs</c> on them); otherwise they go to a temp folder.
/// </summary>
public sealed class SampleExportTests
{
    [Fact]
    public void WritesReadableSamplesOfEveryKind()
    {
        var target = Environment.GetEnvironmentVariable("SIMCACHE_ARROW_SAMPLES");
        using var tmp = new TempDir();
        var dir = string.IsNullOrEmpty(target) ? tmp.Path : target;
        Directory.CreateDirectory(dir);
        var extra = new Dictionary<string, string> { ["sample"] = "yes" };
        Samples.WriteInteractions(Path.Combine(dir, "interactions.arrow"), 10, batchRows: 4, extra: extra);
        Samples.WriteEmbeddings(Path.Combine(dir, "embeddings.arrow"), 6, dim: 8, batchRows: 4, extra: extra);
        Samples.WriteTrace(Path.Combine(dir, "trace.arrow"), 9, dim: 8, batchRows: 4);
        Samples.WriteTrace(Path.Combine(dir, "trace-bare.arrow"), 3, dim: 4, answer: false, future: false);
        Samples.WriteDecoder(Path.Combine(dir, "decoder.arrow"), 7, dim: 8, batchRows: 4, extra: extra);
        // What was written, counted by hand: rows, ⌈rows / batch rows⌉ batches, the dimension and the distinct ids.
        var expected = new (string File, long Rows, int Batches, int? Dimension, long Users)[]
        {
            ("interactions", 10, 3, null, 5), // users i mod 5
            ("embeddings", 6, 2, 8, 6),
            ("trace", 9, 3, 8, 3), // users i mod 3
            ("trace-bare", 3, 1, 4, 3),
            ("decoder", 7, 2, 8, 0), // a decoder has items, not users
        };
        foreach (var (file, rows, batches, dimension, users) in expected)
        {
            var info = ArrowFileInfo.Inspect(Path.Combine(dir, file + ".arrow"));
            Assert.Equal((file, rows, batches, dimension, users), (file, info.Rows, info.Batches, info.Dimension, info.DistinctUsers));
        }
        Assert.Equal(7, ArrowFileInfo.Inspect(Path.Combine(dir, "decoder.arrow")).DistinctItems);
        var interactions = ArrowFileInfo.Inspect(Path.Combine(dir, "interactions.arrow"));
        Assert.Equal((1_600_000_000L, 1_600_000_000L + 9 * 60), (interactions.MinTimestamp, interactions.MaxTimestamp));
    }
}
