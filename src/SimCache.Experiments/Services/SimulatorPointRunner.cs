using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SimCache.Caching.Core;
using SimCache.Data.Arrow;
using SimCache.Data.Diagnostics;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Scale;
using SimCache.Simulation.Timing;

namespace SimCache.Experiments.Services;

/// <summary>
/// A sweep point is one <c>simcache simulate</c>: the same cache factory, replay engine and summary, so a
/// number in results.db is exactly the number summary.json would hold for that point (<see cref="Metrics"/>
/// maps its fields to <see cref="SweepMetrics"/> names). The trace's hash and the decoder are read once per
/// runner and shared by concurrent points; every point builds its own cache.
/// </summary>
public sealed class SimulatorPointRunner : ISweepPointRunner
{
    private readonly ConcurrentDictionary<string, Lazy<TraceInfo>> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), Lazy<DecoderWeights>> _decoders = new();
    private readonly ConcurrentDictionary<string, Lazy<bool>> _vetted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<DistanceScale>> _scales = new(StringComparer.Ordinal);

    /// <summary>summary.json fields (dotted paths) by the metric name results.db stores them under.</summary>
    public static IReadOnlyList<(string Metric, string Path)> Metrics { get; } =
    [
        (SweepMetrics.Requests, "counts.requests"),
        (SweepMetrics.ExactHits, "counts.exact_hits"),
        (SweepMetrics.ApproximateHits, "counts.approximate_hits"),
        (SweepMetrics.DelayedHits, "counts.delayed_hits"),
        (SweepMetrics.Misses, "counts.misses"),
        ("fetches", "counts.fetches"),
        ("warmup_requests", "counts.warmup_requests"),
        (SweepMetrics.HitRatio, "ratios.hit_ratio"),
        ("exact_hit_ratio", "ratios.exact_hit_ratio"),
        ("approximate_hit_ratio", "ratios.approximate_hit_ratio"),
        ("delayed_hit_ratio", "ratios.delayed_hit_ratio"),
        ("miss_ratio", "ratios.miss_ratio"),
        (SweepMetrics.DistanceMean, "distance.mean"),
        (SweepMetrics.DistanceP50, "distance.p50"),
        (SweepMetrics.DistanceP90, "distance.p90"),
        (SweepMetrics.DistanceP99, "distance.p99"),
        (SweepMetrics.CostMean, "approximation_cost.mean"),
        (SweepMetrics.CostP50, "approximation_cost.p50"),
        (SweepMetrics.CostP90, "approximation_cost.p90"),
        (SweepMetrics.CostP99, "approximation_cost.p99"),
        ("delayed_wait_mean", "delayed_wait_seconds.mean"),
        ("delayed_wait_p99", "delayed_wait_seconds.p99"),
        ("retrieval_cost", "cost.retrieval_cost"),
        (DistanceScaleMetric, "distance_scale.value"),
        ("distance_scale_k", "distance_scale.k"),
        ("distance_scale_quantile", "distance_scale.quantile"),
        ("distance_scale_sample", "distance_scale.sample"),
        (SweepMetrics.TotalCost, "cost.total"),
        (SweepMetrics.CostPerRequest, "cost.per_request_normalised"),
        (SweepMetrics.Overlap, "quality.overlap_mean"),
        ("approximate_hit_overlap", "quality.approximate_hit_overlap_mean"),
        (SweepMetrics.NdcgServed, "quality.served_ndcg_mean"),
        (SweepMetrics.NdcgOwn, "quality.own_ndcg_mean"),
        ("index_recall_at_1", "index_recall.recall_at_1"),
        (SweepMetrics.IndexRecall, "index_recall.recall_at_k"),
        (SweepMetrics.SimulatorSeconds, "wall_seconds"),
        (SweepMetrics.RequestsPerSecond, "requests_per_second"),
    ];

    /// <summary>Metric: the trace's distance scale when the run used it (a derived C_r or relative values), else NaN; its rule is in the distance_scale_* columns.</summary>
    public const string DistanceScaleMetric = "distance_scale";

    public string Name => "simcache simulate (discrete-event replay)";

    public void Check(SweepPoint point)
    {
        var o = point.Options;
        CacheFactory.Check(RelativeValues.Resolve(point.Cache, 1), o.Index); // a relative value's syntax; its value needs the trace
        LatencyModel.Parse(o.Latency);
        ArrivalProcess.Parse(o.Arrivals, 0);
        Replay(o, 0).Validate();
    }

    /// <summary>The trace (read whole: <see cref="TraceCheck"/>), the decoder (its dimension must be the trace's) and the mixture file's presence.</summary>
    public void CheckInputs(SweepInputs inputs)
    {
        if (!File.Exists(inputs.Trace)) throw new DataFormatException(inputs.Trace, "trace file not found");
        _ = _vetted.GetOrAdd(inputs.Trace, path => new Lazy<bool>(() =>
        {
            TraceCheck.Vet(path);
            return true;
        })).Value;
        var info = Trace(inputs.Trace);
        if (inputs.Decoder is { } d)
        {
            if (!File.Exists(d)) throw new DataFormatException(d, "decoder file not found");
            Decoder(d, info.Dimension);
        }
        if (inputs.Gmm is { } g && !File.Exists(g)) throw new DataFormatException(g, "mixture file (gmm.json) not found");
    }

    /// <summary>The point's cache checked, not built, against the inputs: what it needs, and that its keys fit in memory.</summary>
    public void CheckInputs(SweepInputs inputs, SweepPoint point)
    {
        var info = Trace(inputs.Trace);
        var decoder = inputs.Decoder is { } d ? Decoder(d, info.Dimension) : null;
        var scale = Scale(inputs.Trace, info);
        var context = Simulator.Context(inputs.Trace, info, Replay(point.Options, 0), decoder, inputs.Gmm, NullWorkReporter.Instance, () => scale.Value.Value, new WarningList());
        CacheFactory.Check(Simulator.Resolve(point.Cache, scale), context, point.Options.Index);
    }

    /// <summary>knn-cache answers from the decoder's catalogue; gmm-placement's placed keys take the decoder's answers, and <c>source=file</c> the geometry stage's mixture.</summary>
    public SweepNeeds Needs(SweepPoint point)
    {
        var needs = SweepNeeds.None;
        if (point.Policy == "knn-cache") needs |= SweepNeeds.Decoder;
        if (point.Policy == "gmm-placement")
        {
            if (point.Parameter("share") is not { Number: 0 }) needs |= SweepNeeds.Decoder;
            if (point.Parameter("source") is { Text: "file" }) needs |= SweepNeeds.Mixture;
        }
        return needs;
    }

    /// <summary>One distance scale per trace content, measured by the first point (or check) that needs it and shared by the others.</summary>
    private Lazy<DistanceScale> Scale(string path, TraceInfo info) =>
        _scales.GetOrAdd(info.Sha256, _ => new Lazy<DistanceScale>(() => DistanceScaleEstimator.Estimate(path)));

    private TraceInfo Trace(string path) => _traces.GetOrAdd(path, p => new Lazy<TraceInfo>(() => Simulator.Inspect(p))).Value;

    private DecoderWeights Decoder(string path, int dimension) =>
        _decoders.GetOrAdd((path, dimension), key => new Lazy<DecoderWeights>(() => DecoderFileReader.ReadAll(key.Item1, key.Item2))).Value;

    public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
    {
        if (seed is < int.MinValue or > int.MaxValue) throw new UsageException($"seed {seed}: the simulator takes 32-bit seeds");
        var replay = Replay(point.Options, (int)seed);
        var info = Trace(inputs.Trace);
        var decoder = inputs.Decoder is { } d ? Decoder(d, info.Dimension) : null;
        var scale = Scale(inputs.Trace, info);
        var spec = Simulator.Resolve(point.Cache, scale);
        var warnings = new WarningList();
        var context = Simulator.Context(inputs.Trace, info, replay, decoder, inputs.Gmm, NullWorkReporter.Instance, () => scale.Value.Value, warnings, inputs.Threads);
        using var cache = CacheFactory.Create(spec, context, point.Options.Index);
        var result = ReplayEngine.Run(inputs.Trace, cache, replay, NullWorkReporter.Instance, cancel);
        Simulator.Conclude(cache, result, warnings);
        // Whether this point used the scale, not whether another point measured it: the row must not depend on --jobs.
        bool scaled = RelativeValues.Mentions(point.Cache) || cache.Cost.RetrievalDerived;
        var request = new SimulationRequest
        {
            TracePath = inputs.Trace, Cache = point.Cache, Index = point.Options.Index, DecoderPath = inputs.Decoder, GmmPath = inputs.Gmm,
            Replay = replay, OutDir = "", Command = "sweep point " + point.Key,
        };
        var summary = SimulationSummary.Build(request, cache.Description, cache.IndexDescription, cache.Cost.Description, info, result,
            scaled ? scale.Value.ToJson() : null, cache.Cost.RetrievalSource, warnings.ToList());
        result.Release(); // quantiles are in the summary: the sample buffers serve the sweep's next point
        var metrics = Flatten(summary);
        metrics[RetrievalCostDerived] = cache.Cost.RetrievalDerived ? 1 : 0;
        metrics[Warnings] = warnings.Count;
        return new PointResult(metrics, Series(result.Windows))
        {
            Parameters = RelativeValues.Mentions(point.Cache) ? Absolute(point.Parameters, scale.Value.Value) : null,
            Warnings = warnings.ToList(),
        };
    }

    /// <summary>Metric: 1 when C_r was derived from the trace's distance scale (the cost named no cr), 0 when given.</summary>
    public const string RetrievalCostDerived = "retrieval_cost_derived";

    /// <summary>Metric: how many warnings the run raised (the sweep prints their text).</summary>
    public const string Warnings = "warnings";

    /// <summary>Suffix of the column that keeps a relative parameter's multiple, beside its absolute value (<c>threshold_relative</c>).</summary>
    public const string RelativeSuffix = "_relative";

    /// <summary>
    /// The parameters as the run used them: a value <c>N*scale</c> becomes its absolute value, and its multiple N
    /// is kept as NAME_relative; a nested value (a cost spec) that holds relative values is resolved in place.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ParamValue>> Absolute(IReadOnlyList<KeyValuePair<string, ParamValue>> parameters, double scale)
    {
        var resolved = new List<KeyValuePair<string, ParamValue>>();
        foreach (var (name, value) in parameters)
        {
            if (value.Text is { } text && RelativeValues.Multiple(text) is double multiple)
            {
                resolved.Add(new(name, ParamValue.Of(multiple * scale)));
                resolved.Add(new(name + RelativeSuffix, ParamValue.Of(multiple)));
            }
            else if (value.Text is { } nested && RelativeValues.Mentions(nested))
                resolved.Add(new(name, ParamValue.Of(RelativeValues.Resolve(nested, scale))));
            else resolved.Add(new(name, value));
        }
        return resolved;
    }

    /// <summary>The metrics of a summary.json object; a null field (undefined, e.g. no approximate hit) is NaN.</summary>
    public static Dictionary<string, double> Flatten(JsonObject summary)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (metric, path) in Metrics)
        {
            JsonNode? node = summary;
            foreach (var part in path.Split('.')) node = node?[part];
            metrics[metric] = node is null ? double.NaN : double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture); // any JSON number kind
        }
        // The quality an approximate answer costs, as a loss: own NDCG minus served NDCG (summary.json's difference is served − own).
        metrics[SweepMetrics.NdcgLoss] = metrics[SweepMetrics.NdcgOwn] - metrics[SweepMetrics.NdcgServed];
        return metrics;
    }

    /// <summary>timeseries.csv as a <see cref="TimeSeries"/>, time measured from the first counted request.</summary>
    public static TimeSeries? Series(IReadOnlyList<WindowRow> windows)
    {
        if (windows.Count == 0) return null;
        double start = windows[0].StartTime;
        string[] columns =
        [
            SweepMetrics.Time, SweepMetrics.Requests, SweepMetrics.ExactHits, SweepMetrics.ApproximateHits, SweepMetrics.DelayedHits, SweepMetrics.Misses,
            SweepMetrics.HitRatio, SweepMetrics.DistanceMean, SweepMetrics.CostMean, SweepMetrics.CostPerRequest, SweepMetrics.Overlap,
            SweepMetrics.NdcgServed, SweepMetrics.NdcgOwn,
        ];
        var rows = windows.Select(w => new[]
        {
            w.EndTime - start, w.Requests, w.ExactHits, w.ApproximateHits, w.DelayedHits, w.Misses, w.HitRatio, w.MeanDistance,
            w.MeanApproximationCost, w.CostPerRequest, w.MeanOverlap, w.MeanServedNdcg, w.MeanOwnNdcg,
        }).ToArray();
        return new TimeSeries(columns, rows);
    }

    private static ReplayOptions Replay(SimulatorOptions o, int seed) => new()
    {
        Latency = LatencyModel.Parse(o.Latency),
        Ttl = o.TtlSeconds ?? double.PositiveInfinity,
        Arrivals = o.Arrivals,
        Warmup = o.Warmup,
        Window = checked((long)o.Window),
        Seed = seed,
    };
}
