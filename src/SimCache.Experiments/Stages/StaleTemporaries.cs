using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SimCache.Experiments.Stages;

/// <summary>
/// Removes what a killed run left behind in a folder the tool owns: the temporary siblings that atomic writes
/// and folder swaps create (<c>.NAME.tmp-PID-xxxxxxxx</c>, <c>.NAME.old-PID-xxxxxxxx</c>, also nested ones).
/// Only those of processes that no longer run are removed, so a concurrent writer's work in progress is never
/// touched; nothing else in the folder is.
/// </summary>
public static partial class StaleTemporaries
{
    [GeneratedRegex(@"^\..*\.(tmp|old)-(?<pid>\d+)-[0-9a-f]{8}$")]
    private static partial Regex Temporary();

    public static void Clean(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, ".*"))
        {
            var m = Temporary().Match(Path.GetFileName(entry));
            if (!m.Success || !int.TryParse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
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
