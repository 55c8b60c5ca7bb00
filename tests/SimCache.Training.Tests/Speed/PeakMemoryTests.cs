using System.Runtime.InteropServices;
using SimCache.Training.Speed;
using Xunit;

namespace SimCache.Training.Tests.Speed;

public class PeakMemoryTests
{
    [Fact]
    public void APeakOfTouchedNativeMemoryIsSeenAndAResetForgetsIt()
    {
        if (!OperatingSystem.IsLinux()) return; // VmHWM and clear_refs are Linux's
        const long size = 256L << 20;
        Assert.True(PeakMemory.ResetPeak());
        long before = PeakMemory.Bytes();
        var block = Marshal.AllocHGlobal((nint)size);
        try
        {
            for (long i = 0; i < size; i += 4096) Marshal.WriteByte(block, (int)i, 1); // resident only once touched
            Assert.True(PeakMemory.Bytes() >= before + size * 95 / 100, $"peak {PeakMemory.Bytes():N0} after touching {size:N0} bytes from {before:N0}");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        long peak = PeakMemory.Bytes();
        Assert.True(PeakMemory.ResetPeak());
        Assert.True(PeakMemory.Bytes() <= peak - size * 3 / 4, $"peak {PeakMemory.Bytes():N0} after the reset, {peak:N0} before");
    }

    [Theory]
    [InlineData(850_000_000L, "850 MB")]
    [InlineData(999_400_000L, "999 MB")]
    [InlineData(1_570_000_000L, "1.57 GB")]
    [InlineData(12_345_678_901L, "12.35 GB")]
    public void BytesReadAsPeopleReadMemory(long bytes, string expected) => Assert.Equal(expected, PeakMemory.Format(bytes));
}
