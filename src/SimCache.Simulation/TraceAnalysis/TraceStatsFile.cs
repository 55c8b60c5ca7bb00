using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// Where a trace's statistics live and how they are written and found again: <c>NAME-stats.json</c> beside
/// <c>NAME.arrow</c> (the trace stage's <c>trace/trace-stats.json</c>), written atomically. The file names the
/// trace's sha256, so a reader can tell statistics of this trace from those of a trace since replaced.
/// </summary>
public static class TraceStatsFile
{
    /// <summary><c>X-stats.json</c> beside the trace <c>X.arrow</c>.</summary>
    public static string PathFor(string tracePath)
    {
        var full = Path.GetFullPath(tracePath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-stats.json");
    }

    /// <summary>Measures <paramref name="tracePath"/> and writes its statistics to <paramref name="output"/>; returns them as read back from the text written.</summary>
    public static JsonObject Write(string tracePath, string output, TraceStatsOptions? options = null, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        var text = TraceStatsJson.Text(TraceStatsJson.Build(TraceAnalyzer.Measure(tracePath, options, reporter, cancel)));
        AtomicFile.WriteAllText(output, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>
    /// The statistics in <paramref name="statsPath"/> if it is a statistics file of the trace at
    /// <paramref name="tracePath"/> as it is now (same sha256), else null: absent, unreadable, of another format or
    /// of another trace.
    /// </summary>
    public static JsonObject? TryLoad(string statsPath, string tracePath)
    {
        if (!File.Exists(statsPath) || !File.Exists(tracePath)) return null;
        JsonObject? stats;
        try
        {
            stats = JsonNode.Parse(File.ReadAllText(statsPath)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (stats is null || (string?)Value(stats["format"]) != TraceStatsJson.Format) return null;
        var sha = Value(stats["trace"]?["sha256"]) as string;
        return sha is not null && sha == RunIdentity.FileHash(tracePath) ? stats : null;
    }

    private static object? Value(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
