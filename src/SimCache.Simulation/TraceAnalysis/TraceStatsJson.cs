using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Simulation.Scale;

namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// The summary of <see cref="TraceMeasurements"/> that <c>trace-stats.json</c> holds: counts, shares, quantiles
/// (numpy's linear rule) and histograms. Every number is rounded to 7 significant digits and the keys are in a
/// fixed order, so the same trace and options give the same bytes.
/// </summary>
public static class TraceStatsJson
{
    public const string Format = "simcache-trace-stats/1";

    /// <summary>Bins of the distance histograms between 0 and the larger 99th percentile of the two kinds.</summary>
    public const int DistanceBins = 40;

    public static readonly (string Key, double Q)[] Quantiles =
    [
        ("min", 0), ("p01", 0.01), ("p05", 0.05), ("p10", 0.1), ("p25", 0.25), ("median", 0.5), ("p75", 0.75), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("max", 1),
    ];

    public static JsonObject Build(TraceMeasurements m)
    {
        var perUser = m.RowsPerUser.Select(c => (double)c).Order().ToArray();
        long firstRequests = m.RowsPerUser.Length;
        var root = new JsonObject
        {
            ["format"] = Format,
            ["trace"] = new JsonObject
            {
                ["file"] = m.FileName, ["sha256"] = m.Sha256, ["bytes"] = m.Bytes, ["dimension"] = m.Dimension, ["distance"] = m.Metric,
                ["timestamps"] = m.TimestampKind,
            },
            ["requests"] = m.Requests,
            ["users"] = m.RowsPerUser.Length,
            ["rows_per_user"] = new JsonObject
            {
                ["min"] = perUser[0], ["median"] = R(DistanceScaleEstimator.QuantileOf(perUser, 0.5)), ["mean"] = R(perUser.Average()), ["max"] = perUser[^1],
            },
            ["time"] = Time(m),
            ["same_user_consecutive"] = new JsonObject
            {
                ["requests"] = m.SameUserConsecutive,
                ["share"] = R((double)m.SameUserConsecutive / m.Requests),
                ["meaning"] = "requests whose previous request in trace order was the same user's, over all requests",
            },
            ["first_requests"] = new JsonObject
            {
                ["requests"] = firstRequests,
                ["share"] = R((double)firstRequests / m.Requests),
                ["meaning"] = "requests of a user seen for the first time: no cache keyed by user can hit them",
            },
            ["reuse"] = new JsonObject
            {
                ["meaning"] = "for each request whose user appeared before: the requests (requests_between) and the distinct users (users_between, the LRU stack distance) of others since that user's previous request",
                ["requests_between"] = Integers(m.RequestsBetween),
                ["users_between"] = Integers(m.UsersBetween),
                ["exact_user_lru"] = LruCurve(m),
            },
            ["distances"] = Distances(m),
            ["over_time"] = new JsonObject
            {
                ["bin"] = m.TimeBinName, ["bin_width"] = m.TimeBinWidth, ["start"] = m.TimeBinStart,
                ["counts"] = new JsonArray([.. m.TimeBinCounts.Select(c => (JsonNode?)c)]),
            },
        };
        return root;
    }

    /// <summary>The JSON text as written (indented, LF line ends, a final newline).</summary>
    public static string Text(JsonObject stats) =>
        stats.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n") + "\n";

    private static JsonObject Time(TraceMeasurements m)
    {
        var time = new JsonObject { ["first"] = m.FirstTimestamp, ["last"] = m.LastTimestamp };
        double? days = m.TimestampKind switch
        {
            "unix-seconds" => (m.LastTimestamp - m.FirstTimestamp) / 86400.0,
            "unix-days" => m.LastTimestamp - m.FirstTimestamp,
            _ => null,
        };
        if (m.TimestampKind is "unix-seconds" or "unix-days")
        {
            long scale = m.TimestampKind == "unix-days" ? 86400 : 1;
            time["first_utc"] = Utc(m.FirstTimestamp, scale);
            time["last_utc"] = Utc(m.LastTimestamp, scale);
        }
        time["days"] = days is double d ? R(d) : null;
        return time;
    }

    private static string? Utc(long t, long scale)
    {
        const long min = -62135596800L, max = 253402300799L;
        double seconds = (double)t * scale;
        return seconds < min || seconds > max ? null
            : DateTimeOffset.FromUnixTimeSeconds(t * scale).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Quantiles, mean and a histogram with bins [0, 1), [1, 2), [2, 4), [4, 8), …: log-spaced, with 0 (back to back) on its own.</summary>
    private static JsonObject Integers(int[] values)
    {
        var node = new JsonObject { ["count"] = values.Length };
        if (values.Length == 0) return node;
        var sorted = values.Select(v => (double)v).Order().ToArray();
        node["mean"] = R(sorted.Average());
        node["quantiles"] = QuantileNode(sorted);
        var edges = new List<long> { 0, 1 };
        while (edges[^1] <= sorted[^1]) edges.Add(edges[^1] * 2);
        var counts = new long[edges.Count - 1];
        foreach (var v in values) counts[v == 0 ? 0 : 1 + (int)Math.Floor(Math.Log2(v))]++;
        node["histogram"] = new JsonObject
        {
            ["edges"] = new JsonArray([.. edges.Select(e => (JsonNode?)e)]),
            ["counts"] = new JsonArray([.. counts.Select(c => (JsonNode?)c)]),
        };
        return node;
    }

    /// <summary>
    /// The hit ratio of an LRU cache keyed by the user (a hit only on the same user's earlier request) with c
    /// entries, over all requests: exactly the share of requests whose users_between is below c (Mattson et al.).
    /// </summary>
    private static JsonArray LruCurve(TraceMeasurements m)
    {
        var sorted = m.UsersBetween.Order().ToArray();
        var curve = new JsonArray();
        for (long c = 1; ; c *= 2)
        {
            int below = LowerBound(sorted, c);
            curve.Add(new JsonObject { ["capacity"] = c, ["hit_ratio"] = R((double)below / m.Requests) });
            if (below == sorted.Length) break;
        }
        return curve;
    }

    private static int LowerBound(int[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static JsonObject Distances(TraceMeasurements m)
    {
        var nearest = m.NearestEarlier.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
        var same = m.SameUserPrevious.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
        double upper = Math.Max(nearest.Length > 0 ? DistanceScaleEstimator.QuantileOf(nearest, 0.99) : 0, same.Length > 0 ? DistanceScaleEstimator.QuantileOf(same, 0.99) : 0);
        double width = NiceUp(upper > 0 ? upper / DistanceBins : 1.0 / DistanceBins);
        var edges = Enumerable.Range(0, DistanceBins + 1).Select(i => R(i * width)).ToArray();
        var node = new JsonObject
        {
            ["mode"] = m.Exact ? "exact" : "sampled",
            ["requests_measured"] = m.SampleRows.Length,
            ["rule"] = m.Exact
                ? $"every request (the trace has at most {m.Options.ExactRows:N0}), each against every earlier request"
                : $"{m.SampleRows.Length:N0} of {m.Requests:N0} requests drawn without replacement with seed {m.Options.Seed}, each against every earlier request",
            ["sample_seed"] = m.Exact ? null : m.Options.Seed,
            ["exact_rows"] = m.Options.ExactRows,
            ["metric"] = m.Metric,
            ["histogram_edges"] = new JsonArray([.. edges.Select(e => (JsonNode?)e)]),
            ["nearest_earlier"] = DistanceNode(nearest, edges, "distance to the nearest earlier request of any user (the request itself excluded)"),
            ["same_user_previous"] = DistanceNode(same, edges, "distance to the same user's previous request (for requests whose user appeared before)"),
        };
        return node;
    }

    private static JsonObject DistanceNode(double[] sorted, double[] edges, string meaning)
    {
        var node = new JsonObject { ["meaning"] = meaning, ["count"] = sorted.Length };
        if (sorted.Length == 0) return node;
        node["mean"] = R(sorted.Average());
        node["quantiles"] = QuantileNode(sorted);
        // The distribution function at shares 0, 1 %, 5 %, 10 %, …, 95 %, 99 %, 100 %: points where the data are, whatever its scale.
        double[] shares = [0, 0.01, .. Enumerable.Range(1, 19).Select(i => i * 0.05), 0.99, 1];
        node["cdf"] = new JsonObject
        {
            ["shares"] = new JsonArray([.. shares.Select(p => (JsonNode?)R(p))]),
            ["distances"] = new JsonArray([.. shares.Select(p => (JsonNode?)R(DistanceScaleEstimator.QuantileOf(sorted, p)))]),
        };
        var counts = new long[edges.Length - 1];
        long above = 0;
        double width = edges[1] - edges[0];
        foreach (var v in sorted)
        {
            int bin = (int)Math.Floor(v / width);
            if (bin >= counts.Length) above++;
            else counts[Math.Max(0, bin)]++;
        }
        node["histogram_counts"] = new JsonArray([.. counts.Select(c => (JsonNode?)c)]);
        node["above_last_edge"] = above;
        return node;
    }

    private static JsonObject QuantileNode(double[] sorted)
    {
        var q = new JsonObject();
        foreach (var (key, p) in Quantiles) q[key] = R(DistanceScaleEstimator.QuantileOf(sorted, p));
        return q;
    }

    /// <summary>The smallest 1, 2, 2.5 or 5 × 10^k at least <paramref name="value"/>.</summary>
    internal static double NiceUp(double value)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * p >= value * (1 - 1e-12)) return R(m * p);
        return R(10 * p);
    }

    /// <summary>7 significant digits: enough for any reading, and the same text on every machine.</summary>
    internal static double R(double v) => double.IsFinite(v) ? double.Parse(v.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : v;
}
