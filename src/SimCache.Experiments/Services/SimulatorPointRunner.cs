using System.Collections.Concurrent;
using SimCache.Caching.Core;
using SimCache.Data.Arrow;
using SimCache.Data.Diagnostics;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Scale;
using SimCache.Simulation.Timing;

namespace SimCache.Experiments.Services;

/// <summary>
/// A sweep point is one <c>simcache simulate</c>: the same cache factory, replay engine and summary, so a
/// number in results.db is exactly the number summary.json would hold for that point: both are the values of
/// <see cref="MetricRegistry"/> measured by <see cref="Simulator.Measure"/>, the policy's counters included. The trace's hash and the decoder are read once per
/// runner and shared by concurrent points; every point builds its own cache.
/// </summary>
public sealed class SimulatorPointRunner : ISweepPointRunner
{
    private readonly ConcurrentDictionary<string, Lazy<TraceInfo>> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), Lazy<DecoderWeights>> _decoders = new();
    private readonly ConcurrentDictionary<string, Lazy<bool>> _vetted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<DistanceScale>> _scales = new(StringComparer.Ordinal);

    /// <summary>Metric: the trace's distance scale when the run used it (a derived C_r or relative values), else NaN; its rule is in the distance_scale_* columns.</summary>
    public static string DistanceScaleMetric => MetricRegistry.DistanceScale.Name;

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

    /// <summary>
    /// The point checked against the inputs: its warm-up leaves requests of the trace to count, and its cache,
    /// checked, not built, has what it needs and keys that fit in memory.
    /// </summary>
    public void CheckInputs(SweepInputs inputs, SweepPoint point)
    {
        var info = Trace(inputs.Trace);
        if (info.Rows > 0 && point.Options.Warmup >= info.Rows)
            throw new UsageException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"simulator option 'warmup' ({point.Options.Warmup}) covers all {info.Rows} requests of the trace {inputs.Trace}: nothing to count; give a warm-up shorter than the trace"));
        Replay(point.Options, 0).CheckCountable(inputs.Trace, info.Rows);
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
        var metrics = Simulator.Measure(cache, result, scaled ? scale.Value : null, warnings);
        result.Release(); // quantiles are measured: the sample buffers serve the sweep's next point
        return new PointResult(metrics.ToDictionary(m => m.Definition.Name, m => m.Value, StringComparer.Ordinal), Series(result.Windows))
        {
            Parameters = RelativeValues.Mentions(point.Cache) ? Absolute(point.Parameters, scale.Value.Value) : null,
            Warnings = warnings.ToList(),
        };
    }

    /// <summary>Metric: 1 when C_r was derived from the trace's distance scale (the cost named no cr), 0 when given.</summary>
    public static string RetrievalCostDerived => MetricRegistry.RetrievalCostDerived.Name;

    /// <summary>Metric: how many warnings the run raised (the sweep prints their text).</summary>
    public static string Warnings => MetricRegistry.Warnings.Name;

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

    /// <summary>timeseries.csv as a <see cref="TimeSeries"/>, time measured from the first counted request.</summary>
    public static TimeSeries? Series(IReadOnlyList<WindowRow> windows)
    {
        if (windows.Count == 0) return null;
        double start = windows[0].StartTime;
        string[] columns = [SweepMetrics.Time, .. MetricRegistry.Windowed.Select(m => m.Name)];
        var rows = windows.Select(w =>
        {
            var row = new double[columns.Length];
            row[0] = w.EndTime - start;
            for (int i = 0; i < MetricRegistry.Windowed.Count; i++) row[i + 1] = MetricRegistry.Windowed[i].PerWindow!(w);
            return row;
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
