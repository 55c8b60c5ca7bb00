using System.Runtime.InteropServices;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

public class NativeHeapTests
{
    /// <summary>The process's minor page faults so far (field 10 of /proc/self/stat).</summary>
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture); // fields after "(comm) ": state is 3, minflt is 10
    }

    [Fact]
    public void ALargeBlockFreedAndAllocatedAgainIsNotFaultedInAgain()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(NativeHeap.KeepLargeBlocks());
        const int size = 40 << 20; // a batch's scores over 20,000 items: above glibc's largest default mmap threshold (32 MB)
        const int pages = size / 4096;
        void Cycle()
        {
            var block = Marshal.AllocHGlobal(size);
            for (int i = 0; i < size; i += 4096) Marshal.WriteByte(block, i, 1);
            Marshal.FreeHGlobal(block);
        }
        Cycle(); // the first one faults its pages in, once
        long before = MinorFaults();
        for (int i = 0; i < 4; i++) Cycle();
        long faults = MinorFaults() - before;
        // A fresh mapping per block would fault in all 10,240 pages each time: 40,960 for the four.
        Assert.True(faults < pages / 4, $"{faults:N0} page faults in four cycles of {pages:N0} pages");
    }
}
