using SimCache.Data.IO;

namespace SimCache.Data.Dataset;

/// <summary>
/// Replaces an output folder as a whole: everything is written into a temporary sibling, which is swapped in
/// only once complete, so a failed run leaves the folder exactly as it was and a reader never sees a mix
/// of two data sets. Refuses to replace a folder that holds something else unless forced.
/// </summary>
public static class DatasetFolder
{
    /// <summary>Fails (exit code 2) if <paramref name="outDir"/> holds another data set or unrelated files and <paramref name="force"/> is off.</summary>
    public static void CheckReplaceable(string outDir, Func<DatasetManifest, bool> isSame, bool force)
    {
        if (!CheckOwned(outDir, DatasetManifest.FileName, force)) return;
        const string manifestName = DatasetManifest.FileName;
        DatasetManifest existing;
        try
        {
            existing = DatasetManifest.Load(outDir);
        }
        catch (DataFormatException)
        {
            throw new DataFormatException(outDir, $"holds an unreadable {manifestName}; choose another --out or pass --force to replace it");
        }
        if (!isSame(existing))
            throw new DataFormatException(outDir, $"already holds a different data set (input {existing.Input.Path}, sha256 {existing.Input.Sha256[..Math.Min(12, existing.Input.Sha256.Length)]}…, made by '{existing.Command}'); choose another --out or pass --force to replace it");
    }

    /// <summary>
    /// Fails (exit code 2) if <paramref name="outDir"/> is a file, or a non-empty folder without
    /// <paramref name="manifestName"/> (so not something this tool wrote), unless forced. Returns true if the
    /// folder exists with that manifest, i.e. the caller may still compare contents.
    /// </summary>
    public static bool CheckOwned(string outDir, string manifestName, bool force)
    {
        if (File.Exists(outDir)) throw new DataFormatException(outDir, "is a file; the output must be a folder");
        if (force || !Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any()) return false;
        if (!File.Exists(Path.Combine(outDir, manifestName)))
            throw new DataFormatException(outDir, $"is not empty and holds no {manifestName}, so it is not something this tool wrote; choose another output folder or pass --force to replace it");
        return true;
    }

    /// <summary>Writes a folder through <paramref name="fill"/> into a temporary sibling, then swaps it in place of <paramref name="outDir"/>.</summary>
    public static void Replace(string outDir, Action<string> fill)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(full);
        var suffix = Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        var tmp = Path.Combine(parent, "." + name + ".tmp-" + suffix);
        var old = Path.Combine(parent, "." + name + ".old-" + suffix);
        Directory.CreateDirectory(tmp);
        try
        {
            fill(tmp);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        bool hadOld = Directory.Exists(full);
        if (hadOld) Directory.Move(full, old);
        try
        {
            Directory.Move(tmp, full);
        }
        catch
        {
            if (hadOld) Directory.Move(old, full);
            TryDelete(tmp);
            throw;
        }
        if (hadOld) TryDelete(old);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
