using System.Security.Cryptography;
using SimCache.Caching.Core;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.Diagnostics;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Scale;

namespace SimCache.Simulation.Running;

/// <summary>
/// <c>simcache simulate</c>: builds the named cache for the trace's space, replays the trace through it and
/// writes <c>summary.json</c> and <c>timeseries.csv</c> into the output folder (each file atomically).
/// </summary>
public static class Simulator
{
    /// <summary>
    /// Replays; what does not stop the replay but qualifies its numbers (a trace or decoder without a run
    /// identity, no hit at all, a placement that never placed) goes to summary.json's <c>warnings</c>.
    /// </summary>
    public static (string Summary, ReplayResult Result) Run(SimulationRequest request, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        request.Replay.Validate();
        if (!File.Exists(request.TracePath)) throw new DataFormatException(request.TracePath, "trace file not found");
        SimulationSummary.CheckReplaceable(request.OutDir);
        var info = Inspect(request.TracePath);
        request.Replay.CheckCountable(request.TracePath, info.Rows);
        var warnings = new WarningList();
        DecoderWeights? decoder = null;
        if (request.DecoderPath is { } decoderPath)
        {
            if (!File.Exists(decoderPath)) throw new DataFormatException(decoderPath, "decoder file not found");
            TraceDecoderPairing.Check(request.TracePath, decoderPath, warnings.Add);
            decoder = DecoderFileReader.ReadAll(decoderPath, info.Dimension);
        }
        if (request.GmmPath is { } gmmPath && !File.Exists(gmmPath)) throw new DataFormatException(gmmPath, "mixture file (--gmm) not found");
        var scale = new Lazy<DistanceScale>(() => DistanceScaleEstimator.Estimate(request.TracePath, cancel));
        var spec = Resolve(request.Cache, scale);
        var context = Context(request.TracePath, info, request.Replay, decoder, request.GmmPath, reporter, () => scale.Value.Value, warnings);
        using var cache = CacheFactory.Create(spec, context, request.Index);
        var result = ReplayEngine.Run(request.TracePath, cache, request.Replay, reporter, cancel);
        Conclude(cache, result, warnings);
        var used = scale.IsValueCreated ? scale.Value : null;
        var summary = SimulationSummary.ToJson(SimulationSummary.Build(request, cache.Description, cache.IndexDescription, cache.Cost.Description, info, result,
            Measure(cache, result, used, warnings), used, cache.Cost.RetrievalSource, warnings.ToList()));
        result.Release(); // quantiles are in the summary: the sample buffers can serve the next replay
        Directory.CreateDirectory(request.OutDir);
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, SimulationSummary.TimeSeriesFile), SimulationSummary.TimeSeriesCsv(result.Windows));
        AtomicFile.WriteAllText(Path.Combine(request.OutDir, SimulationSummary.SummaryFile), summary); // last: marks the folder complete
        return (summary, result);
    }

    /// <summary>
    /// Every metric of a finished replay (<see cref="MetricRegistry"/>), the policy's counters included; call
    /// before <see cref="ReplayResult.Release"/>, which drops the samples the quantiles need.
    /// </summary>
    public static IReadOnlyList<MetricValue> Measure(SimilarityCache cache, ReplayResult result, DistanceScale? scale, WarningList warnings) =>
        MetricRegistry.Evaluate(new MetricSource(result, scale, [.. cache.Policy.Counters], cache.Cost.RetrievalDerived, warnings.Count));

    /// <summary>
    /// The cache spec with its values relative to the trace's distance scale (<c>threshold=0.5*scale</c>)
    /// made absolute; the scale is measured only when the spec has such a value.
    /// </summary>
    public static string Resolve(string cacheSpec, Lazy<DistanceScale> scale) =>
        RelativeValues.Mentions(cacheSpec) ? RelativeValues.Resolve(cacheSpec, scale.Value.Value) : cacheSpec;

    /// <summary>
    /// After a replay: the policy's own warnings (<see cref="SimilarityCache.Conclude"/>) and the replay's — no
    /// request served from the cache at all, a result that is a number but says only that nothing was near enough.
    /// </summary>
    public static void Conclude(SimilarityCache cache, ReplayResult result, WarningList warnings)
    {
        cache.Conclude();
        var t = result.Totals;
        if (t.Requests > 0 && t.ExactHits + t.ApproximateHits + t.DelayedHits == 0)
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"0 hits in {t.Requests} counted requests: the cache served nothing, so its cost is that of no cache; {cache.Description} found no key near enough — compare its threshold with the trace's distance scale (summary.json's distance_scale) or give it more capacity"));
    }

    /// <summary>
    /// What a cache replaying this trace is built for: the trace's space and length, answers as long as the quality metrics
    /// read (when the trace carries answers), the mixture of GMM-aware caches, the replay's seed and TTL, the
    /// derived retrieval cost (the trace's distance scale, for a cost that names no <c>cr</c>), where
    /// warnings go and the threads the cache may use (0: all cores). Shared by <c>simulate</c> and the sweep.
    /// </summary>
    public static CacheContext Context(string tracePath, TraceInfo info, ReplayOptions replay, DecoderWeights? decoder, string? gmmPath, IWorkReporter reporter,
        Func<double>? derivedRetrieval = null, WarningList? warnings = null, int threads = 0) => new()
    {
        Threads = threads,
        DerivedRetrievalCost = derivedRetrieval,
        TraceRows = info.Rows,
        Warnings = warnings ?? new WarningList(),
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
