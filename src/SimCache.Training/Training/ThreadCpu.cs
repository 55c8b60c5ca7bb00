using System.Runtime.InteropServices;

namespace SimCache.Training.Training;

/// <summary>The calling thread's CPU time (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)); 0 elsewhere.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static double Seconds()
    {
        if (_unavailable) return 0;
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return 0;
        }
    }
}
