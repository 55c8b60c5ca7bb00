using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Cli.Tests.Inputs;

/// <summary>
/// Small traces for the refusal tests. The tool's writer refuses to make a bad trace, so a bad one is a valid
/// trace with one value replaced in the file's bytes: the value is written as a marker that occurs exactly once.
/// </summary>
public static class TraceFiles
{
    /// <summary>Writes a valid l2 trace of <paramref name="rows"/> rows, d = 4, users r / 2, timestamps 1000, 1001, …</summary>
    public static void Write(string path, int rows, Func<int, int, float>? component = null)
    {
        using var w = new TraceFileWriter(path, 4, SimCacheArrow.DistanceL2, new Provenance("test", 1, "test"), withAnswer: false, withFuture: false);
        var v = new float[4];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < 4; k++) v[k] = component?.Invoke(r, k) ?? (r % 7) * 0.5f + k;
            w.Append(r / 2, r, 1000 + r, v);
        }
        w.Complete();
    }

    /// <summary>Replaces the only occurrence of <paramref name="marker"/>'s bytes in the file by <paramref name="value"/>'s.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> marker, ReadOnlySpan<byte> value)
    {
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(marker);
        if (at < 0 || bytes.AsSpan(at + 1).IndexOf(marker) >= 0) throw new InvalidOperationException($"the marker must occur exactly once (first at {at}, next at {(at < 0 ? -1 : bytes.AsSpan(at + 1).IndexOf(marker) + at + 1)})");
        value.CopyTo(bytes.AsSpan(at));
        File.WriteAllBytes(path, bytes);
    }

    public static void Replace(string path, float marker, float value) =>
        Replace(path, BitConverter.GetBytes(marker), BitConverter.GetBytes(value));

    public static void Replace(string path, long marker, long value) =>
        Replace(path, BitConverter.GetBytes(marker), BitConverter.GetBytes(value));
}
