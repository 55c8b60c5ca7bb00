using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SimCache.Simulation.Metrics;

/// <summary>
/// Samples that no longer fit the memory a replay may hold, in a temporary file (deleted when closed), and the
/// exact order statistics of all of them. An exact quantile needs every value, so a replay of a trace far larger
/// than memory would otherwise grow without bound; on disk the values cost 4 bytes each and resident memory stays
/// fixed. Order statistics are found without sorting the file: each float is mapped to an unsigned key that
/// orders like the float, one pass counts the keys' high 16 bits, and a second pass counts the low 16 bits within
/// the high buckets that hold the wanted ranks — which determines each wanted value exactly.
/// </summary>
internal sealed class SpilledSamples : IDisposable
{
    private const int ChunkValues = 1 << 16;

    private readonly FileStream _file;
    private readonly string _path;
    private long _count;

    public SpilledSamples()
    {
        _path = Path.Combine(Path.GetTempPath(), $"simcache-samples-{Environment.ProcessId}-{Guid.NewGuid():N}.f32");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Values written so far.</summary>
    public long Count => _count;

    /// <summary>The temporary file (for tests: it is gone once disposed).</summary>
    public string FilePath => _path;

    public void Append(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        RandomAccess.Write(_file.SafeFileHandle, MemoryMarshal.AsBytes(values), _count * sizeof(float));
        _count += values.Length;
    }

    /// <summary>
    /// The values of 0-based <paramref name="ranks"/> (each &lt; Count + <paramref name="tail"/>.Length) among the
    /// file's values followed by <paramref name="tail"/>'s, each value first passed through <paramref name="map"/>
    /// when given (as float32, exactly as a summary keeping the mapped values would have stored them).
    /// </summary>
    public void Select(ReadOnlySpan<float> tail, Func<double, double>? map, ReadOnlySpan<long> ranks, Span<float> result)
    {
        long total = _count + tail.Length;
        foreach (long r in ranks)
            if (r < 0 || r >= total) throw new ArgumentOutOfRangeException(nameof(ranks), r, $"rank outside [0, {total})");
        var chunk = new float[ChunkValues];
        var high = new long[1 << 16];
        Scan(tail, map, chunk, key => high[key >> 16]++);

        var bucket = new int[ranks.Length];
        var within = new long[ranks.Length];
        for (int i = 0; i < ranks.Length; i++) (bucket[i], within[i]) = Locate(high, ranks[i]);
        var wanted = bucket.Distinct().ToArray();
        var low = wanted.ToDictionary(b => b, _ => new long[1 << 16]);
        Scan(tail, map, chunk, key =>
        {
            if (low.TryGetValue((int)(key >> 16), out var counts)) counts[key & 0xFFFF]++;
        });
        for (int i = 0; i < ranks.Length; i++)
        {
            var (lowBits, _) = Locate(low[bucket[i]], within[i]);
            result[i] = FromKey(((uint)bucket[i] << 16) | (uint)lowBits);
        }
    }

    /// <summary>Feeds the key of every value, file first, then the tail.</summary>
    private void Scan(ReadOnlySpan<float> tail, Func<double, double>? map, float[] chunk, Action<uint> count)
    {
        SafeFileHandle handle = _file.SafeFileHandle;
        for (long at = 0; at < _count; at += ChunkValues)
        {
            int n = (int)Math.Min(ChunkValues, _count - at);
            var bytes = MemoryMarshal.AsBytes(chunk.AsSpan(0, n));
            int read = 0;
            while (read < bytes.Length)
            {
                int got = RandomAccess.Read(handle, bytes[read..], at * sizeof(float) + read);
                if (got == 0) throw new IOException($"sample file {_path} ended early");
                read += got;
            }
            for (int i = 0; i < n; i++) count(Key(chunk[i], map));
        }
        foreach (float v in tail) count(Key(v, map));
    }

    /// <summary>The bucket holding 0-based <paramref name="rank"/> in a histogram, and the rank within it.</summary>
    private static (int Bucket, long Within) Locate(long[] histogram, long rank)
    {
        for (int b = 0; b < histogram.Length; b++)
        {
            if (rank < histogram[b]) return (b, rank);
            rank -= histogram[b];
        }
        throw new InvalidOperationException("rank beyond the histogram's total");
    }

    /// <summary>An unsigned key in the order of the float (negative values reversed below the positive ones).</summary>
    private static uint Key(float value, Func<double, double>? map)
    {
        float v = map is null ? value : (float)map(value);
        uint bits = BitConverter.SingleToUInt32Bits(v);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    private static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);

    public void Dispose() => _file.Dispose();
}
