using System.Security.Cryptography;
using SimCache.Caching.Core;
using SimCache.Caching.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Simulation.Replay;

namespace SimCache.Simulation.Running;

/// <summary>
/// <c>simcache simulate</c>: builds the named cache for the trace's space, replays the trace through it and
/// writes <c>summary.json</c> and <c>timeseries.csv</c> into the output folder (each file atomically).
/// </summary>
public static class Simulator
{
    /// <summary>Replays; <c>warn</c> receives what does not stop the replay (a trace or decoder without a run identity).</summary>
    public static (string Summary, ReplayResult Result) Run(SimulationRequest request, IWorkReporter? reporter = null, CancellationToken cancel = default,
        Action<string>? warn = null)
    {
        reporter ??= NullWorkReporter.Instance;
        request.Replay.Validate();
        if (!File.Exists(request.TracePath)) throw new DataFormatException(request.TracePath, "trace file not found");
        DatasetFolder.CheckOwned(request.OutDir, SimulationSummary.SummaryFile);
        var info = Inspect(request.TracePath);
        request.Replay.CheckCountable(request.TracePath, info.Rows);
        DecoderWeights? decoder = null;
        if (request.DecoderPath is { } decoderPath)
        {
            if (!File.Exists(decoderPath)) throw new DataFormatException(decoderPath, "decoder file not found");
            TraceDecoderPairing.Check(request.TracePath, decoderPath, warn);
            decoder = DecoderFileReader.ReadAll(decoderPath, info.Dimension);
        }
        if (request.GmmPath is { } gmmPath && !File.Exists(gmmPath)) throw new DataFormatException(gmmPath, "mixture file (--gmm) not found");
        var context = Context(request.TracePath, info, request.Replay, decoder, request.GmmPath, reporter);
        using var cache = CacheFactory.Create(request.Cache, context, request.Index);
        var result = ReplayEngine.Run(request.TracePath, cache, request.Replay, reporter, cancel);
        var summary = SimulationSummary.ToJson(SimulationSummary.Build(request, cache.Description, cache.IndexDescription, cache.Cost.Description, info, result));
        result.Release(); // quantiles are in the summary: the sample buffers can serve the next replay
        Directory.CreateDirectory(request.OutDir);
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, SimulationSummary.TimeSeriesFile), SimulationSummary.TimeSeriesCsv(result.Windows));
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, SimulationSummary.SummaryFile), summary); // last: marks the folder complete
        return (summary, result);
    }

    /// <summary>
    /// What a cache replaying this trace is built for: the trace's space, answers as long as the quality metrics
    /// read (when the trace carries answers), the mixture of GMM-aware caches, the replay's seed and TTL. Shared by <c>simulate</c> and the sweep.
    /// </summary>
    public static CacheContext Context(string tracePath, TraceInfo info, ReplayOptions replay, DecoderWeights? decoder, string? gmmPath, IWorkReporter reporter) => new()
    {
        GmmPath = gmmPath,
        Dimension = info.Dimension,
        Metric = DistanceMetrics.Parse(info.Distance),
        Decoder = decoder,
        AnswerLength = info.HasAnswers ? replay.TopN : 0,
        TracePath = tracePath,
        Seed = replay.Seed,
        Ttl = replay.Ttl,
        Reporter = reporter,
    };

    /// <summary>The trace's shape and sha256 (streamed), vetting its schema before anything is built.</summary>
    public static TraceInfo Inspect(string path)
    {
        using (var reader = TraceFileReader.Open(path))
        {
            var info = (reader.TotalRows, reader.Dimension, reader.Distance, reader.HasAnswer, reader.HasFuture);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            return new TraceInfo(sha, info.TotalRows, info.Dimension, info.Distance, info.HasAnswer, info.HasFuture);
        }
    }
}
