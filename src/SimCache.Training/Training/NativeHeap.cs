using System.Runtime.InteropServices;

namespace SimCache.Training.Training;

/// <summary>
/// Lets glibc reuse the memory of libtorch's large, short-lived tensors instead of mapping it afresh for each one.
/// By default glibc serves an allocation above its mmap threshold (adjusted at run time, at most 32 MB on 64-bit
/// systems) with a new mapping and unmaps it when freed, so every batch's larger tensors (at ML-20M scale a batch's
/// scores over 20,000 items are 40 MB) are faulted in and zeroed by the kernel page by page, again and again: a
/// quarter of a training run's CPU time was system time. With a threshold of 1 GiB and no trimming, freed blocks
/// stay in the heap for the next batch. The numbers computed are the same; only where the bytes live changes.
/// </summary>
internal static class NativeHeap
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Applies the setting once per process; false where the C library does not take it (not glibc, not Linux).</summary>
    public static bool KeepLargeBlocks() => Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(MmapThreshold, 1 << 30) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
