using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Caching.Tests.Support;

/// <summary>Writes small synthetic traces for tests of offline policies (user = row, answer = [row]).</summary>
public static class TraceFiles
{
    public static void Write(string path, float[] vectors, int d, string distance = SimCacheArrow.DistanceL2, int batchRows = 65536)
    {
        int n = vectors.Length / d;
        using var w = new TraceFileWriter(path, d, distance, Provenance.For("test", null), withAnswer: true, withFuture: false, batchRows: batchRows);
        for (int i = 0; i < n; i++) w.Append(i, 0, i, vectors.AsSpan(i * d, d), [i]);
        w.Complete();
    }
}
