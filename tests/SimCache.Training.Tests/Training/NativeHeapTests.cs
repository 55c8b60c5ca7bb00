using System.Runtime.InteropServices;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

public class NativeHeapTests
{
    /// <summary>
    /// Whether glibc served the block at <paramref name="pointer"/> with a mapping of its own: the IS_MMAPPED bit (2)
    /// of the size word just before every malloc'd pointer. Such a block is unmapped when freed and faulted in
    /// afresh the next time; a heap block is reused.
    /// </summary>
    private static bool OwnMapping(nint pointer) => (Marshal.ReadInt64(pointer - 8) & 2) != 0;

    [Fact]
    public void ABlockAboveGlibcsDefaultMmapThresholdComesFromTheHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(NativeHeap.KeepLargeBlocks());
        const int size = 40 << 20; // a batch's scores over 20,000 items: above glibc's largest default threshold (32 MB)
        var block = Marshal.AllocHGlobal(size);
        try
        {
            Assert.False(OwnMapping(block));
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        // Past the new threshold (1 GiB) a block still gets its own mapping: the bit is read where it is.
        var huge = Marshal.AllocHGlobal((nint)(1L << 30) + 4096);
        try
        {
            Assert.True(OwnMapping(huge));
        }
        finally
        {
            Marshal.FreeHGlobal(huge);
        }
    }
}
