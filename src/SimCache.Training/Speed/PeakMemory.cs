namespace SimCache.Training.Speed;

/// <summary>The process's peak resident set size, from Linux's /proc/self/status (VmHWM): native libtorch memory included, which the managed heap's figures miss.</summary>
public static class PeakMemory
{
    /// <summary>Peak resident bytes, or the current working set where /proc is not available.</summary>
    public static long Bytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var parts = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 1 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out long kb)) return kb * 1024;
                }
        return Environment.WorkingSet;
    }

    /// <summary>
    /// Starts a new peak at the current resident set (Linux: "5" written to /proc/self/clear_refs), so that
    /// <see cref="Bytes"/> afterwards measures one stage of a long run rather than the largest stage before it.
    /// False where the system does not allow it; <see cref="Bytes"/> is then the process's peak so far.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Bytes as people read memory: "850 MB", "1.57 GB".</summary>
    public static string Format(long bytes) =>
        bytes >= 1_000_000_000 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e9:F2} GB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB");
}
