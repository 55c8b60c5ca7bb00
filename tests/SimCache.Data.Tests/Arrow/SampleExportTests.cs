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
        foreach (var f in new[] { "interactions", "embeddings", "trace", "trace-bare", "decoder" })
            Assert.True(ArrowFileInfo.Inspect(Path.Combine(dir, f + ".arrow")).Rows > 0);
    }
}
