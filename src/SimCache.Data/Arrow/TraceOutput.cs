using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// The rule for every command that writes a trace file (<c>trace --out</c>, <c>bench repeat --out</c>): the output
/// may be a new path, or a trace this tool wrote when replacing it is asked for (<c>--force</c>). A folder, a file
/// that is not a trace (someone's notes, an embeddings file) and the command's own input are refused (exit code 2)
/// before anything is read or written: the first two would be lost, and the input would be overwritten while it is
/// still being read.
/// </summary>
public static class TraceOutput
{
    /// <summary>Refuses <paramref name="outPath"/> unless it may receive the trace; <paramref name="input"/> is the trace the command reads, if any.</summary>
    public static void CheckReplaceable(string outPath, bool force, string? input = null)
    {
        if (Directory.Exists(outPath)) throw new DataFormatException(outPath, "is a folder; --out names the trace file to write");
        if (input is not null && SameFile(input, outPath))
            throw new DataFormatException(outPath, "is also the input trace (--trace); it would be overwritten while it is read: choose another --out");
        if (!File.Exists(outPath)) return;
        try
        {
            using var existing = TraceFileReader.Open(outPath, columns: TraceColumns.Core);
        }
        catch (DataFormatException e)
        {
            throw new DataFormatException(outPath, $"exists and is not a trace ({e.Detail}); it is never replaced: choose another --out");
        }
        if (!force) throw new DataFormatException(outPath, "already holds a trace; pass --force to replace it, or choose another --out");
    }

    /// <summary>Whether two paths name the same file: the same full path after following symbolic links.</summary>
    private static bool SameFile(string a, string b)
    {
        static string Resolve(string p)
        {
            var full = Path.GetFullPath(p);
            try
            {
                return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
            }
            catch (IOException)
            {
                return full;
            }
        }
        return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
    }
}
