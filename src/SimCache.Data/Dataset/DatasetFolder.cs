using SimCache.Data.IO;

namespace SimCache.Data.Dataset;

/// <summary>
/// Replaces an output folder as a whole: everything is written into a temporary sibling, which is swapped in
/// only once complete, so a failed run leaves the folder exactly as it was and a reader never sees a mix
/// of two data sets. It only ever replaces an empty folder or one this tool wrote (one holding its
/// manifest), and one holding a different data set only when forced; a folder of anything else, or one that
/// contains the input, is never replaced, <c>--force</c> or not.
/// </summary>
public static class DatasetFolder
{
    /// <summary>Fails (exit code 2) if <paramref name="outDir"/> holds unrelated files, or another data set and <paramref name="force"/> is off.</summary>
    public static void CheckReplaceable(string outDir, Func<DatasetManifest, bool> isSame, bool force)
    {
        if (!CheckOwned(outDir, DatasetManifest.FileName) || force) return;
        DatasetManifest existing;
        try
        {
            existing = DatasetManifest.Load(outDir);
        }
        catch (DataFormatException e)
        {
            throw new DataFormatException(outDir, $"holds an unreadable {DatasetManifest.FileName} ({e.Detail}); choose another --out or pass --force to replace it");
        }
        if (!isSame(existing))
            throw new DataFormatException(outDir, $"already holds a different data set (input {existing.Input.Path}, sha256 {existing.Input.Sha256[..Math.Min(12, existing.Input.Sha256.Length)]}…, made by '{existing.Command}'); choose another --out or pass --force to replace it");
    }

    /// <summary>
    /// Fails (exit code 2) if <paramref name="outDir"/> is a file, or a non-empty folder without
    /// <paramref name="manifestName"/> (so not something this tool wrote; forcing does not change that).
    /// Returns true if the folder exists with that manifest, i.e. the caller may still compare contents.
    /// </summary>
    public static bool CheckOwned(string outDir, string manifestName)
    {
        if (File.Exists(outDir)) throw new DataFormatException(outDir, "is a file; the output must be a folder");
        if (!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any()) return false;
        if (!File.Exists(Path.Combine(outDir, manifestName)))
            throw new DataFormatException(outDir, $"is not empty and holds no {manifestName}, so it is not something this tool wrote; it is never replaced: choose a new or empty output folder");
        return true;
    }

    /// <summary>Fails (exit code 2) if the output folder is, contains or lies inside the input file or folder.</summary>
    public static void CheckApart(string input, string outDir)
    {
        if (IsWithin(input, outDir) || IsWithin(outDir, input))
            throw new DataFormatException(outDir, $"the output folder and the input {input} overlap; the output folder is replaced as a whole, so choose one apart from the input");
    }

    /// <summary>
    /// Recovers and clears what a killed <see cref="Replace"/> of <paramref name="outDir"/> left beside it, before a
    /// new run looks at the folder: if the folder itself is missing because the run died between moving the old
    /// folder aside and moving the new one in, the old one is moved back (what was written before is never lost);
    /// then every temporary sibling of the folder whose process is gone is removed (a half-written data set can
    /// be hundreds of megabytes). Temporaries of running processes are left alone.
    /// </summary>
    public static void Recover(string outDir)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (parent is null) return;
        var name = Path.GetFileName(full);
        if (!Path.Exists(full) && StaleTemporaries.Find(parent, name, "old") is [var latest, ..])
        {
            try { Directory.Move(latest.Path, full); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        StaleTemporaries.Clean(parent, name);
    }

    /// <summary>
    /// Writes a folder through <paramref name="fill"/> into a temporary sibling, then swaps it in place of
    /// <paramref name="outDir"/>. A file-system failure is an <see cref="IOException"/> naming <paramref name="outDir"/>
    /// (an environment failure, exit code 1); the temporary sibling is removed.
    /// </summary>
    public static void Replace(string outDir, Action<string> fill)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var tmp = Path.Combine(parent, "." + name + ".tmp-" + TemporarySuffix());
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(tmp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(outDir, "cannot be written", e);
        }
        try
        {
            fill(tmp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw CannotWrite(outDir, "cannot be replaced", e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        try
        {
            SwapIn(tmp, outDir);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Moves the complete folder <paramref name="filled"/> (a sibling of <paramref name="outDir"/>, on the same file
    /// system) into the place of <paramref name="outDir"/>. The folder it replaces is moved aside first and removed
    /// only once the new one is in place, so a process killed in between leaves it for <see cref="Recover"/> to move
    /// back. On failure (an <see cref="IOException"/> naming <paramref name="outDir"/>, exit code 1) the previous
    /// folder is back in place and <paramref name="filled"/> is left as it was: it may hold hours of work.
    /// </summary>
    public static void SwapIn(string filled, string outDir)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        var old = Path.Combine(parent, "." + Path.GetFileName(full) + ".old-" + TemporarySuffix());
        bool hadOld = false;
        try
        {
            hadOld = Directory.Exists(full);
            if (hadOld) Directory.Move(full, old);
            try
            {
                Directory.Move(filled, full);
            }
            catch
            {
                if (hadOld) Directory.Move(old, full);
                hadOld = false;
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(outDir, "cannot be replaced", e);
        }
        if (hadOld) TryDelete(old);
    }

    /// <summary>True if <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both made absolute).</summary>
    public static bool IsWithin(string path, string folder)
    {
        var inner = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var outer = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return inner == outer || inner.StartsWith(outer + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The <c>PID-xxxxxxxx</c> ending of a temporary's name (<see cref="StaleTemporaries"/> reads the process id back).</summary>
    private static string TemporarySuffix() => Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// A folder the file system will not let us write (read-only, no permission, disk full) is a failure of the
    /// environment, not bad input: exit code 1 like every other command, with the folder the user named rather
    /// than the temporary sibling the system call saw.
    /// </summary>
    public static IOException CannotWrite(string outDir, string what, Exception e) =>
        new($"{outDir}: {what}: {e.Message}", e);

    /// <summary>Removes a folder of ours if it is there; one the system will not let go is left (it is never mistaken for output).</summary>
    public static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
