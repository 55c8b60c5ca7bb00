namespace SimCache.Data.IO;

/// <summary>
/// Writes go to a temporary sibling and are renamed over the target only when complete, so an interrupted
/// or failed run never leaves a partial file where a good one was (or where a reader would take it as good).
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> against a temporary file next to <paramref name="path"/>, then renames it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var tmp = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(full) + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        FileStream created;
        try
        {
            Directory.CreateDirectory(dir);
            created = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Read-only, no permission, no space: an environment failure, named by the file the user asked for.
            throw new IOException($"{full}: cannot be written: {e.Message}", e);
        }
        try
        {
            using (var fs = created)
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes all text atomically (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
            s.Write(bytes);
        });

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
