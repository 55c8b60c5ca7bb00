using SimCache.Data.IO;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Results;

namespace SimCache.Experiments.Running;

/// <summary>
/// The output folder OUT of <c>run</c> and <c>sweep</c>, checked before anything is written into it: it must be a
/// folder (or not exist yet) and, if it holds a results.db, that database must be one this tool wrote
/// (<see cref="ResultsStore.CheckCompatible"/>), since the sweep adds its tables and rows to it; and an index.html
/// there must be a report this tool wrote (<see cref="ReportBuilder.CheckReplaceable"/>), since it is rewritten.
/// </summary>
public static class OutputFolder
{
    public static void Check(string outDir)
    {
        var full = Path.GetFullPath(outDir);
        for (var dir = full; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) break;
            if (File.Exists(dir))
                throw new UsageException(dir == full
                    ? $"--out: {outDir} is a file, not a folder; the output folder receives results.db, results.csv and one folder per experiment"
                    : $"--out: {outDir} cannot be made: {dir} is a file, not a folder");
        }
        ResultsStore.CheckCompatible(full);
        ReportBuilder.CheckReplaceable(full);
    }
}
