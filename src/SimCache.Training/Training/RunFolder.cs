using SimCache.Data.IO;
using Temporaries = SimCache.Data.IO.StaleTemporaries;

namespace SimCache.Training.Training;

/// <summary>
/// What <c>train --out</c> may do with a folder that already exists. A folder holding only what training
/// writes (metrics.json, resume.bin, model.bin, embeddings.arrow, decoder.arrow and their temporaries) is a
/// run folder: a complete or interrupted run is replaced only with <c>--force</c> (whole: nothing of the old
/// run stays beside the new one), and what a run killed before its first epoch was saved left behind (a
/// checkpoint, a partial temporary) is cleared and the run starts over. A folder holding anything else is
/// never touched, <c>--force</c> or not, like <c>data prepare</c>'s output.
/// </summary>
internal static class RunFolder
{
    /// <summary>The files a run folder holds, by name.</summary>
    private static readonly HashSet<string> Outputs = new(StringComparer.Ordinal)
    {
        RunMetrics.FileName, ResumeFile.FileName, RecommenderTrainer.CheckpointFile, RecommenderTrainer.EmbeddingsFile, RecommenderTrainer.DecoderFile,
    };

    /// <summary>The checkpoint's temporary name before checkpoints were written through <see cref="AtomicFile"/>.</summary>
    private const string LegacyCheckpointTemp = RecommenderTrainer.CheckpointFile + ".tmp";

    /// <summary>An atomic write's temporary of a run output (<c>.NAME.tmp-PID-xxxxxxxx</c>, the naming of <see cref="Temporaries"/>).</summary>
    private static bool IsRunTemporary(string fileName, out int pid) =>
        Temporaries.TryParse(fileName, out var name, out var kind, out pid) && kind == "tmp" && Outputs.Contains(name);

    /// <summary>
    /// Refuses (exit code 2) an output folder that a fresh run may not use; returns true if it holds files that must be
    /// removed before the run writes (decided now, removed by <see cref="Clear"/> once the data and options are vetted).
    /// </summary>
    public static bool CheckFresh(string runDir, bool force)
    {
        if (File.Exists(runDir)) throw new DataFormatException(runDir, "is a file; --out must name a folder");
        if (!Directory.Exists(runDir)) return false;
        var entries = Directory.EnumerateFileSystemEntries(runDir).Select(Path.GetFileName).ToList();
        if (entries.Count == 0) return false;
        bool complete = entries.Contains(RunMetrics.FileName), interrupted = entries.Contains(ResumeFile.FileName);
        bool recognised = entries.All(e => IsRunFile(e!));
        if (!recognised && !complete && !interrupted)
            throw new DataFormatException(runDir, $"is not empty and holds no {RunMetrics.FileName}, so it is not something this tool wrote; it is never replaced: choose a new or empty output folder");
        foreach (var name in entries)
            if (IsRunTemporary(name!, out int pid) && pid != Environment.ProcessId && !Temporaries.IsStale(pid))
                throw new UsageException($"{runDir} is being written by process {pid} ({name}); wait for it to finish or train into another folder");
        if (force) return true;
        if (interrupted)
            throw new UsageException($"{runDir} holds an interrupted run ({ResumeFile.FileName}); continue it with --resume {runDir}, train into another folder, or pass --force to replace it");
        if (complete)
            throw new DataFormatException(runDir, $"already holds a run ({Describe(runDir)}); choose another --out, or pass --force to replace it");
        return true; // only what a run killed before its first epoch was saved leaves: cleared, the run starts over
    }

    /// <summary>Empties the folder (after <see cref="CheckFresh"/> allowed it) and says what was replaced.</summary>
    public static void Clear(string runDir, Action<string> log)
    {
        bool complete = File.Exists(Path.Combine(runDir, RunMetrics.FileName)), interrupted = File.Exists(Path.Combine(runDir, ResumeFile.FileName));
        var names = Directory.EnumerateFileSystemEntries(runDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        log(complete || interrupted
            ? $"{runDir}: replacing the {(complete ? "run" : "interrupted run")} it held ({string.Join(", ", names)})"
            : $"{runDir}: removing what a run killed before its first epoch was saved left ({string.Join(", ", names)}); starting over");
        foreach (var entry in Directory.EnumerateFileSystemEntries(runDir))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    /// <summary>
    /// Removes the temporaries that writers of processes no longer running left in the folder (a kill -9 during a
    /// checkpoint write); a live writer's are kept. Returns the names removed.
    /// </summary>
    public static List<string> CleanStale(string runDir)
    {
        var removed = new List<string>();
        if (!Directory.Exists(runDir)) return removed;
        foreach (var path in StaleTemporaries(runDir))
        {
            try
            {
                File.Delete(path);
                removed.Add(Path.GetFileName(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next run; it is never mistaken for output.
            }
        }
        return removed;
    }

    /// <summary>The temporaries of dead writers in the folder, resume-file temporaries first, newest first.</summary>
    public static IEnumerable<string> StaleTemporaries(string runDir)
    {
        var stale = new List<string>();
        foreach (var path in Directory.EnumerateFiles(runDir))
        {
            var name = Path.GetFileName(path);
            if (name == LegacyCheckpointTemp) { stale.Add(path); continue; }
            if (IsRunTemporary(name, out int pid) && Temporaries.IsStale(pid)) stale.Add(path);
        }
        return stale.OrderByDescending(p => Path.GetFileName(p).StartsWith("." + ResumeFile.FileName, StringComparison.Ordinal))
            .ThenByDescending(File.GetLastWriteTimeUtc);
    }

    private static bool IsRunFile(string name)
    {
        return Outputs.Contains(name) || name == LegacyCheckpointTemp || IsRunTemporary(name, out _);
    }

    private static string Describe(string runDir)
    {
        try
        {
            var m = TrainedRun.LoadMetrics(runDir);
            return $"{m.Model}, made by '{m.Command}'";
        }
        catch (DataFormatException e)
        {
            return "unreadable: " + e.Detail;
        }
    }
}
