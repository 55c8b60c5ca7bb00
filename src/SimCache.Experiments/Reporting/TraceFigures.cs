using System.Globalization;
using System.Text.Json.Nodes;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The figures of the report's Trace section, drawn from a trace's statistics (<c>trace-stats.json</c>) alone:
/// the reuse distances as the hit ratio an LRU of user keys reaches, the two distance distributions with the
/// sweep's scale, C_r and thresholds marked, and requests over time.
/// </summary>
public static class TraceFigures
{
    /// <summary>The sweep's reference distances drawn on the distance figure.</summary>
    public sealed record References(double? Scale, IReadOnlyList<double> RetrievalCosts, IReadOnlyList<double> Thresholds);

    public static IReadOnlyList<Figure> Build(JsonObject stats, References references, string figuresDir)
    {
        var figures = new List<Figure>();
        if (Reuse(stats, figuresDir) is { } reuse) figures.Add(reuse);
        if (Distances(stats, references, figuresDir) is { } distances) figures.Add(distances);
        if (OverTime(stats, figuresDir) is { } time) figures.Add(time);
        return figures;
    }

    private static Figure? Reuse(JsonObject stats, string dir)
    {
        double requests = (double)stats["requests"]!;
        var reuse = stats["reuse"]!;
        var series = new List<PlotSeries>();
        foreach (var (key, label) in new[] { ("users_between", "distinct other users between (LRU stack distance)"), ("requests_between", "other requests between") })
        {
            if (reuse[key]?["histogram"] is not JsonObject h) continue;
            var edges = h["edges"]!.AsArray().Select(e => (double)e!).ToArray();
            var counts = h["counts"]!.AsArray().Select(c => (double)c!).ToArray();
            // Share of all requests whose distance is below c = edges[i + 1], for c = 1, 2, 4, …
            var x = new double[counts.Length];
            var y = new double[counts.Length];
            double sum = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                sum += counts[i];
                x[i] = edges[i + 1];
                y[i] = sum / requests;
            }
            series.Add(new PlotSeries(label, x, y));
        }
        if (series.Count == 0) return null;
        double limit = 1 - (double)stats["first_requests"]!["share"]!;
        double maxX = series.Max(s => s.X[^1]);
        series.Add(new PlotSeries("limit: requests whose user came before", [1, Math.Max(2, maxX)], [limit, limit]));
        return PlotRenderer.Save(Path.Combine(dir, "trace-reuse-distance"), "Reuse distance of users",
            "The share of all requests whose user's previous request is fewer than c others back. For distinct users between (the LRU stack distance) this is exactly the hit ratio of an LRU cache holding the last c users' keys with exact matching; the rest of each curve is reached only at larger c, and the first request of each user never.",
            "c: distance + 1, or the LRU's capacity in user keys (log scale)", "share of requests with distance < c", series, logX: true);
    }

    private static Figure? Distances(JsonObject stats, References references, string dir)
    {
        var d = stats["distances"]!;
        var series = new List<PlotSeries>();
        foreach (var (key, label) in new[] { ("nearest_earlier", "nearest earlier request (any user)"), ("same_user_previous", "same user's previous request") })
        {
            // The distribution function at its percentiles (0 … 99 %: the largest 1 % would stretch the axis).
            if (d[key]?["cdf"] is not JsonObject cdf) continue;
            var shares = cdf["shares"]!.AsArray().Select(v => (double)v!).ToArray();
            var values = cdf["distances"]!.AsArray().Select(v => (double)v!).ToArray();
            int n = shares.Length - 1;
            series.Add(new PlotSeries(label, values[..n], shares[..n]));
        }
        if (series.Count == 0) return null;
        var markers = new List<PlotMarker>();
        double top = series.Max(x => x.X[^1]);
        if (references.Scale is double scale && scale <= top * 1.5) markers.Add(new PlotMarker(scale, (references.RetrievalCosts.Contains(scale) ? "distance scale = C_r = " : "distance scale = ") + N(scale), Main: true));
        foreach (var cr in references.RetrievalCosts.Where(c => c != references.Scale && c <= top * 1.5))
            markers.Add(new PlotMarker(cr, "C_r (retrieval cost) = " + N(cr), Main: true));
        var thresholds = references.Thresholds.Where(t => t > 0 && t <= top * 1.5).ToList();
        foreach (var t in thresholds) markers.Add(new PlotMarker(t, thresholds.Count == 1 ? $"threshold θ = {N(t)}" : $"thresholds θ of the sweep ({thresholds.Count})"));
        string measured = (string?)d["mode"] == "exact" ? "every request" : $"{(long)d["requests_measured"]!:N0} requests drawn with seed {(long?)d["sample_seed"]}";
        return PlotRenderer.Save(Path.Combine(dir, "trace-distances"), "Distance to earlier requests",
            $"The share of requests (over {measured}) whose nearest earlier request, or whose user's previous request, is within distance x ({(string?)d["metric"]}). A similarity cache that kept every earlier request could serve at threshold θ at most the share the first curve reaches at θ. Each point is a percentile (0, 1 %, 5 %, 10 %, …, 95 %, 99 %: the farthest 1 % is off the right edge); dashed lines: the sweep's distance scale, C_r and thresholds within that range.",
            $"distance x ({(string?)d["metric"]})", "share of requests within x", series, markers: markers);
    }

    private static Figure? OverTime(JsonObject stats, string dir)
    {
        var t = stats["over_time"]!;
        var counts = t["counts"]!.AsArray().Select(c => (double)c!).ToArray();
        if (counts.Length == 0) return null;
        long start = (long)t["start"]!, width = (long)t["bin_width"]!;
        string kind = (string?)stats["trace"]!["timestamps"] ?? "";
        long unit = kind == "unix-days" ? 86400 : 1;
        bool calendar = kind is "unix-seconds" or "unix-days";
        double spanDays = (double)counts.Length * width * unit / 86400;
        bool years = calendar && spanDays >= 2 * 365;
        // Time since the first request, in years or days: a calendar year on a numeric axis would read "2,004".
        long first = (long)stats["time"]!["first"]!;
        var x = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            double since = ((start + (i + 0.5) * width) - (double)first) * unit / 86400;
            x[i] = !calendar ? start + (i + 0.5) * width : years ? since / 365.25 : since;
        }
        string firstDate = calendar ? DateTimeOffset.FromUnixTimeSeconds(first * unit).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        string xLabel = !calendar ? "timestamp" : $"{(years ? "years" : "days")} since the first request ({firstDate})";
        return PlotRenderer.Save(Path.Combine(dir, "trace-requests-over-time"), "Requests over time",
            $"Requests per {(string?)t["bin"]} (each point is one bin, at its middle). A cache sees a trace in this order; bursts and quiet years change what stays in it.",
            xLabel, $"requests per {(string?)t["bin"]}", [new PlotSeries("requests", x, counts)]);
    }

    private static string N(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
