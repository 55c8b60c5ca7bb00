using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;

namespace SimCache.Simulation.Running;

/// <summary>
/// summary.json and timeseries.csv of one replay: every count and mean the issue names, every parameter, and the
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

    public static JsonObject Build(SimulationRequest request, string cacheDescription, string indexDescription, string costDescription,
        TraceInfo trace, ReplayResult result, JsonObject? distanceScale = null, string retrievalSource = "given", IReadOnlyList<string>? warnings = null)
    {
        var t = result.Totals;
        var o = request.Replay;
        double n = Math.Max(1, t.Requests);
        return new JsonObject
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
            ["distance_scale"] = distanceScale,
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
            ["counts"] = new JsonObject
            {
                ["replayed"] = result.Replayed,
                ["warmup_requests"] = result.WarmupRequests,
                ["requests"] = t.Requests,
                ["exact_hits"] = t.ExactHits,
                ["approximate_hits"] = t.ApproximateHits,
                ["delayed_hits"] = t.DelayedHits,
                ["misses"] = t.Misses,
                ["fetches"] = t.Fetches,
            },
            ["ratios"] = new JsonObject
            {
                ["hit_ratio"] = Number((t.ExactHits + t.ApproximateHits) / n),
                ["exact_hit_ratio"] = Number(t.ExactHits / n),
                ["approximate_hit_ratio"] = Number(t.ApproximateHits / n),
                ["delayed_hit_ratio"] = Number(t.DelayedHits / n),
                ["miss_ratio"] = Number(t.Misses / n),
            },
            ["distance"] = Stats(t.Distance),
            ["approximation_cost"] = Stats(t.ApproximationCost),
            ["delayed_wait_seconds"] = Stats(t.Wait),
            ["cost"] = new JsonObject
            {
                ["retrieval_cost"] = Number(result.RetrievalCost),
                ["retrieval_cost_source"] = retrievalSource,
                ["total"] = Number(t.TotalCost),
                ["per_request_normalised"] = Number(t.Requests == 0 ? double.NaN : t.TotalCost / (t.Requests * result.RetrievalCost)),
            },
            ["quality"] = new JsonObject
            {
                ["top_n"] = o.TopN,
                ["requests"] = t.QualityRequests,
                ["overlap_mean"] = Mean(t.OverlapSum, t.QualityRequests),
                ["approximate_hit_overlap_mean"] = Mean(t.ApproximateOverlapSum, t.ApproximateQualityRequests),
                ["ndcg_requests"] = t.NdcgRequests,
                ["served_ndcg_mean"] = Mean(t.ServedNdcgSum, t.NdcgRequests),
                ["own_ndcg_mean"] = Mean(t.OwnNdcgSum, t.NdcgRequests),
                ["ndcg_difference"] = Mean(t.ServedNdcgSum - t.OwnNdcgSum, t.NdcgRequests),
            },
            ["index_recall"] = result.Recall is { } r ? new JsonObject
            {
                ["samples"] = r.Samples,
                ["k"] = r.K,
                ["recall_at_1"] = Number(r.RecallAt1),
                ["recall_at_k"] = Number(r.RecallAtK),
            } : null,
            ["wall_seconds"] = Number(result.Seconds),
            ["requests_per_second"] = Number(result.RequestsPerSecond),
        };
    }

    public static string ToJson(JsonObject summary) =>
        summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static string TimeSeriesCsv(IReadOnlyList<WindowRow> windows)
    {
        var sb = new StringBuilder("window,first_request,requests,start_time,end_time,exact_hits,approximate_hits,delayed_hits,misses,hit_ratio,mean_distance,mean_approximation_cost,cost_per_request,mean_overlap,mean_served_ndcg,mean_own_ndcg\n");
        foreach (var w in windows)
            sb.AppendLine(string.Join(',',
                I(w.Window), I(w.FirstRequest), I(w.Requests), D(w.StartTime), D(w.EndTime), I(w.ExactHits), I(w.ApproximateHits), I(w.DelayedHits),
                I(w.Misses), D(w.HitRatio), D(w.MeanDistance), D(w.MeanApproximationCost), D(w.CostPerRequest), D(w.MeanOverlap),
                D(w.MeanServedNdcg), D(w.MeanOwnNdcg)));
        return sb.ToString();
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Round-trip formatting; an undefined mean is an empty field.</summary>
    private static string D(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static JsonObject Stats(SampleSummary s) => new()
    {
        ["count"] = s.Count,
        ["mean"] = Number(s.Mean),
        ["p50"] = Number(s.Quantile(0.5)),
        ["p90"] = Number(s.Quantile(0.9)),
        ["p99"] = Number(s.Quantile(0.99)),
    };

    private static JsonNode? Mean(double sum, long count) => count == 0 ? null : Number(sum / count);

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
