namespace SimCache.Simulation.Metrics;

/// <summary>
/// Sample buffers kept for reuse across the replays of one process. A replay keeps a float per approximate hit
/// (for exact quantiles): megabytes of fresh memory whose first touch costs a page fault every 4 KiB, which in a
/// virtual machine made up most of the replay engine's overhead over a plain loop. A sweep runs many replays
/// in one process, so a replay that is done with its samples (<see cref="SampleSummary.Release"/>) hands the
/// buffer on to the next. Buffers never released are simply collected. Contents are not cleared: a summary
/// writes every value before reading it.
/// </summary>
internal static class SampleBuffers
{
    /// <summary>The most memory held for reuse; a buffer that would exceed it is left to the GC.</summary>
    private const long RetainedLimitBytes = 512L << 20;

    private static readonly List<float[]> Free = [];
    private static long _retainedBytes;

    /// <summary>A buffer of at least <paramref name="length"/> floats: the smallest free one that fits, or a new one.</summary>
    public static float[] Rent(int length)
    {
        length = Math.Max(1, length);
        lock (Free)
        {
            int best = -1;
            for (int i = 0; i < Free.Count; i++)
                if (Free[i].Length >= length && (best < 0 || Free[i].Length < Free[best].Length)) best = i;
            if (best >= 0)
            {
                var buffer = Free[best];
                Free.RemoveAt(best);
                _retainedBytes -= (long)buffer.Length * sizeof(float);
                return buffer;
            }
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Keeps <paramref name="buffer"/> for a later <see cref="Rent"/>; the caller must not use it again.</summary>
    public static void Return(float[] buffer)
    {
        if (buffer.Length == 0) return;
        long bytes = (long)buffer.Length * sizeof(float);
        lock (Free)
        {
            if (_retainedBytes + bytes > RetainedLimitBytes) return;
            Free.Add(buffer);
            _retainedBytes += bytes;
        }
    }
}
