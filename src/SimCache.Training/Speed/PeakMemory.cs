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
}
