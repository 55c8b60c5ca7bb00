using System.Diagnostics;
using System.Globalization;

namespace SimCache.Experiments.Stages;

/// <summary>
/// Removes what a killed run left behind: the temporary siblings that atomic writes and folder swaps create
/// (<c>.NAME.tmp-PID-…</c>, <c>.NAME.old-PID-…</c>). Only those of processes that no longer run are removed, so
/// a concurrent writer's work in progress is never touched.
/// </summary>
public static class StaleTemporaries
{
    public static void Clean(string dir, string name)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "." + name + ".*-*"))
        {
            var rest = Path.GetFileName(entry)[(name.Length + 2)..]; // "tmp-PID-guid" or "old-PID-guid"
            var parts = rest.Split('-');
            if (parts.Length < 3 || parts[0] is not ("tmp" or "old") || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next run; it is never mistaken for output.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
