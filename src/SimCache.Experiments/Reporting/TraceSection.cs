using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SimCache.Data.IO;
using SimCache.Experiments.Results;
using SimCache.Experiments.Running;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.TraceAnalysis;
using static SimCache.Experiments.Reporting.ReportBuilder;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The report's "Trace" section: the numbers of the trace's statistics (<see cref="TraceStatsFile"/>) in a small
/// table and <see cref="TraceFigures"/>. It reads the statistics the trace stage wrote beside the trace; for a
/// trace without them (a stage cached before they existed, or a trace given to <c>simcache sweep</c>) it
/// measures the trace itself and keeps the result in OUT/NAME/figures/trace-stats.json, reused while the trace
/// is unchanged.
/// </summary>
public static class TraceSection
{
    public static void Write(StringBuilder html, ReportContext context)
    {
        if (context.State?.Trace is not { } trace) return;
        html.Append("<h3>Trace</h3>\n");
        try
        {
            Body(html, context.OutDir, context.Name, trace, context.Rows);
        }
        catch (DataFormatException e)
        {
            html.Append("<p class=\"note\">The trace could not be described: ").Append(E(e.Message)).Append("</p>\n");
        }
    }

    private static void Body(StringBuilder html, string outDir, string name, string trace, IReadOnlyList<ResultRow> rows)
    {
        if (!File.Exists(trace))
        {
            html.Append("<p class=\"note\">The trace ").Append(E(trace)).Append(" is no longer there, so it is not described.</p>\n");
            return;
        }
        var figuresDir = Path.Combine(outDir, name, ReportBuilder.FiguresFolder);
        var beside = TraceStatsFile.PathFor(trace);
        var own = Path.Combine(figuresDir, "trace-stats.json");
        string file = beside;
        var stats = TraceStatsFile.TryLoad(beside, trace);
        string? note = null;
        if (stats is null)
        {
            file = own;
            stats = TraceStatsFile.TryLoad(own, trace);
            if (stats is null)
            {
                Directory.CreateDirectory(figuresDir);
                stats = TraceStatsFile.Write(trace, own);
            }
            note = $"The trace has no statistics of its own beside it ({Path.GetFileName(beside)}: a trace stage from before they were written, or a trace given to sweep), so the report measured it.";
        }
        html.Append("<p><a href=\"").Append(Href(outDir, file)).Append("\">").Append(E(Path.GetFileName(file))).Append("</a>: every number below, with quantiles and histograms.");
        if (note is not null) html.Append(' ').Append(E(note));
        html.Append("</p>\n");
        var references = ReferencesOf(rows);
        Facts(html, stats, references);
        html.Append("<div class=\"figures\">\n");
        foreach (var f in TraceFigures.Build(stats, references, figuresDir))
            FigureHtml(html, outDir, f.Title, f.Caption, f.Png, f.Svg);
        html.Append("</div>\n");
    }

    /// <summary>The distance scale, C_r and thresholds the sweep used on this trace (absolute values), when known.</summary>
    public static TraceFigures.References ReferencesOf(IReadOnlyList<ResultRow> rows)
    {
        var scale = rows.Select(r => r.Metric(MetricRegistry.DistanceScale.Name)).Where(double.IsFinite).Distinct().Order().ToList();
        var costs = rows.Select(r => r.Metric(MetricRegistry.RetrievalCost.Name)).Where(double.IsFinite).Distinct().Order().ToList();
        var thresholds = rows.Select(r => r.Parameter("threshold")?.Number).OfType<double>().Where(double.IsFinite).Distinct().Order().ToList();
        return new TraceFigures.References(scale.Count > 0 ? scale[0] : null, costs, thresholds);
    }

    private static void Facts(StringBuilder html, JsonObject s, TraceFigures.References references)
    {
        string F(JsonNode? n, string format = "G4") => n is null ? "–" : ((double)n).ToString(format, CultureInfo.InvariantCulture);
        var perUser = s["rows_per_user"]!;
        var time = s["time"]!;
        var reuse = s["reuse"]!;
        var d = s["distances"]!;
        var lru = reuse["exact_user_lru"]!.AsArray();
        string LruAt(int c) => lru.FirstOrDefault(p => (long)p!["capacity"]! >= c) is { } p ? F(p["hit_ratio"], "P1") : F(lru[^1]!["hit_ratio"], "P1");
        var rows = new List<(string, string)>
        {
            ("requests", F(s["requests"], "N0")),
            ("users", F(s["users"], "N0")),
            ("requests per user", $"min {F(perUser["min"])}, median {F(perUser["median"])}, mean {F(perUser["mean"])}, max {F(perUser["max"])}"),
            ("time span", $"{(string?)time["first_utc"] ?? F(time["first"], "F0")} .. {(string?)time["last_utc"] ?? F(time["last"], "F0")}{(time["days"] is { } days ? $" ({F(days, "N0")} days)" : "")}"),
            ("previous request was the same user's", F(s["same_user_consecutive"]!["share"], "P1") + " of requests"),
            ("first request of a user", F(s["first_requests"]!["share"], "P1") + " of requests (no cache keyed by user can hit them)"),
            ("other requests / distinct users between a user's requests", $"median {F(reuse["requests_between"]!["quantiles"]?["median"])} / {F(reuse["users_between"]!["quantiles"]?["median"])}, 90th percentile {F(reuse["requests_between"]!["quantiles"]?["p90"])} / {F(reuse["users_between"]!["quantiles"]?["p90"])}"),
            ("hit ratio of an LRU of user keys", $"{LruAt(1)} with 1 key, {LruAt(16)} with 16, {LruAt(256)} with 256"),
            ("distance to the nearest earlier request", Quantiles(d["nearest_earlier"]!, F)),
            ("distance to the same user's previous request", Quantiles(d["same_user_previous"]!, F)),
            ("distances measured", $"{(string?)d["mode"]}: {(string?)d["rule"]} ({(string?)d["metric"]})"),
        };
        if (references.Scale is double scale) rows.Add(("the sweep's distance scale", F(scale)));
        if (references.RetrievalCosts.Count > 0) rows.Add(("the sweep's C_r", string.Join(", ", references.RetrievalCosts.Select(c => F(c)))));
        Table(html, rows);
    }

    private static string Quantiles(JsonNode node, Func<JsonNode?, string, string> f) =>
        node["quantiles"] is not { } q ? "none measured"
            : $"median {f(q["median"], "G4")} (10th–90th percentile {f(q["p10"], "G4")}–{f(q["p90"], "G4")}) over {f(node["count"], "N0")} requests";
}
