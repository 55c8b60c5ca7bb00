using SimCache.Cli.Tests.Inputs;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>geometry</c> refuses embeddings whose components are too large for float distances, instead of reporting a PCA of them.</summary>
public class EmbeddingRefusalTests
{
    [Fact]
    public void GeometryRefusesEmbeddingsWithHugeComponent()
    {
        using var dir = new TempDir();
        var input = dir.File("embeddings.arrow");
        const float marker = 1234.5f;
        var rnd = new Random(3);
        using (var w = new EmbeddingFileWriter(input, 3, SimCacheArrow.DistanceL2, Provenance.For("test", 1)))
        {
            for (int i = 0; i < 60; i++)
                w.Append(i, "u" + i, [i == 41 ? marker : (float)rnd.NextDouble(), (float)rnd.NextDouble(), (float)rnd.NextDouble()]);
            w.Complete();
        }
        TraceFiles.Replace(input, marker, 3e38f);
        var outDir = dir.File("geo");
        var r = CliHarness.Run("geometry", "--embeddings", input, "--out", outDir, "--gmm-max", "2", "--gmm-init", "1", "--knn", "4", "--tsne", "50");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(input, r.Err);
        Assert.Contains("row 41 component 0", r.Err);
        Assert.False(Path.Exists(outDir));
    }
}
