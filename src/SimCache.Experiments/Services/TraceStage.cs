using System.Globalization;
using SimCache.Data.Progress;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;
using SimCache.Simulation.TraceAnalysis;
using SimCache.Training.Tracing;

namespace SimCache.Experiments.Services;

/// <summary>
/// The experiment's trace stage is <c>simcache trace</c> itself (<see cref="TraceBuilder"/>), so a study's
/// trace is byte for byte the one a user would build by hand with the same options. Beside it the stage writes
/// the trace's statistics (<see cref="TraceStatsFile"/>: <c>trace-stats.json</c>, as <c>simcache trace stats</c> writes them).
/// </summary>
public static class TraceStage
{
    /// <summary>Writes the trace of <paramref name="datasetDir"/>'s users, embedded by the model in <paramref name="runDir"/>, to <paramref name="traceFile"/>, and its statistics beside it.</summary>
    public static void Build(string datasetDir, string runDir, TraceSpec spec, string traceFile, string command, IWorkReporter reporter, Action<string> log)
    {
        var options = new TraceOptions
        {
            MinRatings = spec.MinRatings,
            Warmup = spec.Warmup,
            Every = spec.Every,
            Answers = spec.Answers,
            Future = spec.Future,
        };
        var result = TraceBuilder.Build(runDir, datasetDir, traceFile, options, command, reporter);
        log(string.Create(CultureInfo.InvariantCulture, $"trace: {result.Rows:N0} requests from {result.Users:N0} users ({result.RowsPerUser:F1} per user; {result.Density}) in {result.Seconds:F1} s"));
        if (result.Users > 0 && result.RowsPerUser < 2)
            log(string.Create(CultureInfo.InvariantCulture, $"warning: the trace has {result.RowsPerUser:F2} rows per user: most users are embedded once, so a cache has little to reuse; lower trace.min_ratings or trace.every"));
        if (result.Rows == 0) return; // nothing to describe; the report says the trace is empty
        var stats = TraceStatsFile.Write(traceFile, TraceStatsFile.PathFor(traceFile), reporter: reporter);
        log(string.Create(CultureInfo.InvariantCulture,
            $"trace statistics: {(double)stats["same_user_consecutive"]!["share"]!:P1} of requests follow the same user's previous one; median distance to the nearest earlier request {(double?)stats["distances"]!["nearest_earlier"]!["quantiles"]?["median"]:G4}"));
    }
}
