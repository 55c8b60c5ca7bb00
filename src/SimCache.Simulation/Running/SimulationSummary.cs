using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Scale;

namespace SimCache.Simulation.Running;

/// <summary>
/// summary.json and timeseries.csv of one replay: every metric of <see cref="MetricRegistry"/> (the policy's counters under <c>policy</c>), every parameter, and the
/// trace's hash, so a figure in a report can be traced to its exact replay. Undefined means (no approximate hit,
/// no future items) are written as null, never as a made-up 0. The trace's distance scale, when the replay used
/// it (a derived C_r, relative values), is written with its rule under <c>distance_scale</c>, how C_r was chosen
/// under <c>cost.retrieval_cost_source</c>, and every warning raised (a degenerate result) under <c>warnings</c>.
/// </summary>
public static class SimulationSummary
{
    public const string SummaryFile = "summary.json";
    public const string TimeSeriesFile = "timeseries.csv";

    /// <summary>The <c>kind</c> every summary.json this tool writes carries: how a replay's folder is recognised.</summary>
    public const string Kind = "simcache-simulation";

    /// <summary>
    /// Fails (exit code 2) unless <paramref name="outDir"/> may receive a replay's files: it is new, empty, or holds
    /// a summary.json this tool wrote. A file merely named summary.json (someone's notes, another program's output)
    /// is not enough, since the replay overwrites it: the file must be a JSON object whose <c>kind</c> is
    /// <see cref="Kind"/> and which names its <c>tool_version</c>, as every summary written here does.
    /// </summary>
    public static void CheckReplaceable(string outDir)
    {
        if (!DatasetFolder.CheckOwned(outDir, SummaryFile)) return;
        var path = Path.Combine(outDir, SummaryFile);
        string? kind = null;
        bool versioned = false;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject o)
            {
                kind = o["kind"] is JsonValue k && k.TryGetValue<string>(out var text) ? text : null;
                versioned = o["tool_version"] is JsonValue v && v.TryGetValue<string>(out _);
            }
        }
        catch (JsonException)
        {
        }
        if (kind != Kind || !versioned)
            throw new DataFormatException(path, $"is not a summary this tool wrote (no \"kind\": \"{Kind}\" with a tool_version), so its folder {outDir} is never replaced: choose a new or empty output folder");
    }

    /// <summary>
    /// summary.json of one replay: the descriptive fields (trace, parameters, warnings' text, the scale's rule),
    /// then every metric of <paramref name="metrics"/> at its <see cref="MetricDefinition.SummaryPath"/> — the same
    /// values the sweep stores, so the two cannot disagree. An undefined metric is null.
    /// </summary>
    public static JsonObject Build(SimulationRequest request, string cacheDescription, string indexDescription, string costDescription,
        TraceInfo trace, ReplayResult result, IReadOnlyList<MetricValue> metrics, DistanceScale? distanceScale = null, string retrievalSource = "given",
        IReadOnlyList<string>? warnings = null)
    {
        var t = result.Totals;
        var o = request.Replay;
        var summary = new JsonObject
        {
            ["kind"] = Kind,
            ["tool_version"] = Provenance.ToolVersion,
            ["command"] = request.Command,
            ["trace"] = new JsonObject
            {
                ["path"] = request.TracePath,
                ["sha256"] = trace.Sha256,
                ["rows"] = trace.Rows,
                ["dimension"] = trace.Dimension,
                ["distance"] = trace.Distance,
                ["has_answers"] = trace.HasAnswers,
                ["has_future"] = trace.HasFuture,
            },
            ["distance_scale"] = distanceScale?.ToJson(),
            ["warnings"] = new JsonArray([.. (warnings ?? []).Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["parameters"] = new JsonObject
            {
                ["cache_spec"] = request.Cache,
                ["cache"] = cacheDescription,
                ["index"] = indexDescription,
                ["cost"] = costDescription,
                ["decoder"] = request.DecoderPath,
                ["gmm"] = request.GmmPath,
                ["latency"] = o.Latency.Description,
                ["ttl"] = Number(o.Ttl),
                ["arrivals"] = o.Arrivals,
                ["warmup"] = o.Warmup,
                ["window"] = o.Window,
                ["top_n"] = o.TopN,
                ["seed"] = o.Seed,
                ["block"] = o.Block,
                ["limit"] = o.Limit,
            },
            ["counts"] = new JsonObject { ["replayed"] = result.Replayed },
            ["ratios"] = new JsonObject(),
            ["distance"] = new JsonObject { ["count"] = t.Distance.Count },
            ["approximation_cost"] = new JsonObject { ["count"] = t.ApproximationCost.Count },
            ["delayed_wait_seconds"] = new JsonObject { ["count"] = t.Wait.Count },
            ["cost"] = new JsonObject { ["retrieval_cost_source"] = retrievalSource },
            ["quality"] = new JsonObject
            {
                ["top_n"] = o.TopN,
                ["ndcg_difference"] = t.NdcgRequests == 0 ? null : Number((t.ServedNdcgSum - t.OwnNdcgSum) / t.NdcgRequests),
            },
            ["index_recall"] = result.Recall is { } r ? new JsonObject { ["samples"] = r.Samples, ["k"] = r.K } : null,
            [MetricRegistry.PolicySection] = new JsonObject(),
        };
        foreach (var (definition, value) in metrics)
            if (definition.SummaryPath is { } path) Write(summary, path, definition.Integer && double.IsFinite(value) ? JsonValue.Create((long)value) : Number(value));
        return summary;
    }

    /// <summary>
    /// Sets the field at a dotted path, creating the objects on the way; a section the run did not produce (null,
    /// as <c>index_recall</c> without sampling) stays null, and a field a section already holds is kept.
    /// </summary>
    private static void Write(JsonObject summary, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = summary;
        foreach (var part in parts[..^1])
        {
            if (!node.TryGetPropertyValue(part, out var child)) node[part] = child = new JsonObject();
            if (child is null) return;
            node = (JsonObject)child;
        }
        if (node.TryGetPropertyValue(parts[^1], out var existing) && existing is not null)
        {
            // A descriptive section already holds it (distance_scale's k): the same number, in that section's type.
            if (Value(existing) is var held && !held.Equals(Value(value))) throw new InvalidOperationException($"summary.json's '{path}' is {held}, its metric {Value(value)}");
            return;
        }
        node[parts[^1]] = value;
    }

    /// <summary>
    /// The metrics a summary.json holds, by column name: every declared metric with a summary path, and every
    /// counter under <c>policy</c>; a null field (undefined) is NaN. A declared path that is missing (not null:
    /// absent) is an error naming it, never a silent NaN.
    /// </summary>
    public static Dictionary<string, double> ReadMetrics(JsonObject summary)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in MetricRegistry.All)
        {
            if (m.SummaryPath is not { } path) continue;
            JsonNode? node = summary;
            foreach (var part in path.Split('.'))
            {
                if (node is null) break; // a section the run did not produce
                if (!((JsonObject)node).TryGetPropertyValue(part, out node)) throw new FormatException($"summary.json has no field '{path}' (metric '{m.Name}')");
            }
            metrics[m.Name] = Value(node);
        }
        if (summary[MetricRegistry.PolicySection] is JsonObject policy)
            foreach (var (name, node) in policy) metrics[name] = Value(node);
        return metrics;
    }

    private static double Value(JsonNode? node) =>
        node is null ? double.NaN : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture); // any JSON number kind

    public static string ToJson(JsonObject summary) =>
        summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static string TimeSeriesCsv(IReadOnlyList<WindowRow> windows)
    {
        // The window's place, then every windowed metric of the registry under its results name, then its time span.
        var sb = new StringBuilder("window,first_request,");
        sb.AppendJoin(',', MetricRegistry.Windowed.Select(m => m.Name)).Append(",start_time,end_time\n");
        foreach (var w in windows)
        {
            sb.Append(I(w.Window)).Append(',').Append(I(w.FirstRequest));
            foreach (var m in MetricRegistry.Windowed)
            {
                double v = m.PerWindow!(w);
                sb.Append(',').Append(m.Integer ? I((long)v) : D(v));
            }
            sb.Append(',').Append(D(w.StartTime)).Append(',').Append(D(w.EndTime)).Append('\n');
        }
        return sb.ToString();
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Round-trip formatting; an undefined mean is an empty field.</summary>
    private static string D(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
