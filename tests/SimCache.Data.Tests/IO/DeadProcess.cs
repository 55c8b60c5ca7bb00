using System.Diagnostics;

namespace SimCache.Data.Tests.IO;

/// <summary>The id of a process that has exited: what a killed run's temporaries are named by.</summary>
public static class DeadProcess
{
    public static int Id()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
