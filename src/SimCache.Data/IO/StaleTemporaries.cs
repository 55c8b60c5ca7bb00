using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SimCache.Data.IO;

/// <summary>
/// Removes what a killed run left behind in a folder the tool owns: the temporary siblings that atomic writes
/// and folder swaps create (<c>.NAME.tmp-PID-xxxxxxxx</c>, <c>.NAME.old-PID-xxxxxxxx</c>, also nested ones).
/// Only those of processes that no longer run are removed, so a concurrent writer's work in progress is never
/// touched; nothing else in the folder is. A killed <c>data prepare</c> of a large data set leaves hundreds of
/// megabytes this way, so every command that makes such temporaries clears the stale ones before it starts.
/// </summary>
public static partial class StaleTemporaries
{
    [GeneratedRegex(@"^\.(?<name>.*)\.(?<kind>tmp|old)-(?<pid>\d+)-[0-9a-f]{8}$")]
    private static partial Regex Temporary();

    /// <summary>Removes every stale temporary in <paramref name="dir"/>.</summary>
    public static void Clean(string dir) => Clean(dir, null);

    /// <summary>Removes the stale temporaries in <paramref name="dir"/> of the entry <paramref name="name"/> only (all when null).</summary>
    public static void Clean(string dir, string? name)
    {
        foreach (var (path, _) in Find(dir, name, kind: null))
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next run; it is never mistaken for output.
            }
        }
    }

    /// <summary>
    /// The stale temporaries in <paramref name="dir"/>, newest first, of entry <paramref name="name"/> (any when null)
    /// and of <paramref name="kind"/> ("tmp" or "old"; any when null): those whose process no longer runs.
    /// </summary>
    public static IReadOnlyList<(string Path, string Kind)> Find(string dir, string? name, string? kind)
    {
        if (!Directory.Exists(dir)) return [];
        var found = new List<(string Path, string Kind, DateTime Time)>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, ".*"))
        {
            if (!TryParse(Path.GetFileName(entry), out var entryName, out var entryKind, out int pid)) continue;
            if (name is not null && entryName != name) continue;
            if (kind is not null && entryKind != kind) continue;
            if (!IsStale(pid)) continue;
            found.Add((entry, entryKind, Directory.GetLastWriteTimeUtc(entry)));
        }
        return found.OrderByDescending(f => f.Time).Select(f => (f.Path, f.Kind)).ToArray();
    }

    /// <summary>
    /// Reads a temporary's file name, <c>.NAME.KIND-PID-xxxxxxxx</c>: the entry it stands for, "tmp" or "old", and
    /// the writing process. False for any other name.
    /// </summary>
    public static bool TryParse(string fileName, out string name, out string kind, out int pid)
    {
        var m = Temporary().Match(fileName);
        name = m.Groups["name"].Value;
        kind = m.Groups["kind"].Value;
        pid = 0;
        return m.Success && int.TryParse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out pid);
    }

    /// <summary>Whether a temporary written by process <paramref name="pid"/> is stale: not this process, and no longer running.</summary>
    public static bool IsStale(int pid) => pid != Environment.ProcessId && !IsRunning(pid);

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
