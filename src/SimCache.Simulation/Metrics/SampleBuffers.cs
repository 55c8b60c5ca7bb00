namespace SimCache.Simulation.Metrics;

/// <summary>
/// Sample buffers kept for reuse across the replays of one process. A replay keeps a float per approximate hit
/// (for exact quantiles): megabytes of fresh memory whose first touch costs a page fault every 4 KiB, which in a
/// virtual machine made up most of the replay engine's overhead over a plain loop. A sweep runs many replays
/// in one process, so a replay that is done with its samples (<see cref="SampleSummary.Release"/>) hands the
/// buffer on to the next replay on the same thread (sweep jobs run their points one after another on their
/// threads). Per thread, so what one replay allocates never depends on what other threads are doing. Buffers
/// never released are simply collected. Contents are not cleared: a summary writes every value before reading it.
/// </summary>
internal static class SampleBuffers
{
    /// <summary>The most memory a thread holds for reuse; a buffer that would exceed it is left to the GC.</summary>
    private const long RetainedLimitBytes = 256L << 20;

    [ThreadStatic] private static List<float[]>? _free;
    [ThreadStatic] private static long _retainedBytes;

    /// <summary>
    /// A buffer of at least <paramref name="length"/> and at most <paramref name="maxLength"/> floats: the smallest
    /// free one in that range, or a new one of <paramref name="length"/>. The upper bound matters to a summary that
    /// spills past a size: a longer buffer would hold more than that in memory, so what spills (and the memory a
    /// replay uses) would depend on which buffer an earlier replay on this thread left behind.
    /// </summary>
    public static float[] Rent(int length, int maxLength = int.MaxValue)
    {
        length = Math.Max(1, length);
        var free = _free;
        if (free is not null)
        {
            int best = -1;
            for (int i = 0; i < free.Count; i++)
                if (free[i].Length >= length && free[i].Length <= maxLength && (best < 0 || free[i].Length < free[best].Length)) best = i;
            if (best >= 0)
            {
                var buffer = free[best];
                free.RemoveAt(best);
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
        if (_retainedBytes + bytes > RetainedLimitBytes) return;
        (_free ??= []).Add(buffer);
        _retainedBytes += bytes;
    }
}
