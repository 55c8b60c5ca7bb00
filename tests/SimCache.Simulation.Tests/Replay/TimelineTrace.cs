using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Simulation.Tests.Replay;

/// <summary>Writes a hand-built trace (user, time, 2-D point) so a test can state each request's fate by hand.</summary>
internal static class TimelineTrace
{
    public static string Write(TempDir dir, params (int User, long Time, float X, float Y)[] rows) => Write(dir, SimCacheArrow.DistanceL2, rows);

    /// <summary>The same, with the distance metadata <paramref name="distance"/> (l2 or cosine).</summary>
    public static string Write(TempDir dir, string distance, params (int User, long Time, float X, float Y)[] rows)
    {
        var path = dir.File($"timeline-{Guid.NewGuid():N}.arrow");
        using var writer = new TraceFileWriter(path, 2, distance, Provenance.For("test", null), withAnswer: false, withFuture: false);
        int seq = 0;
        foreach (var (user, time, x, y) in rows) writer.Append(user, seq++, time, [x, y]);
        writer.Complete();
        return path;
    }

    /// <summary>The repository's committed golden trace (traces/golden-small, made by traces/make-golden-small.sh).</summary>
    public static string Golden => RepoFiles.GoldenTrace;
}
