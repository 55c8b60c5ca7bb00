using System.Globalization;
using System.Text.Json.Nodes;

namespace SimCache.Simulation.Scale;

/// <summary>
/// A trace's distance scale and the rule that measured it (<see cref="DistanceScaleEstimator"/>): the
/// <see cref="Quantile"/> of the distance from a request to its <see cref="K"/>-th nearest request of another
/// user, over <see cref="Sampled"/> requests drawn with <see cref="Seed"/> from the trace's <see cref="Rows"/>.
/// It is the default retrieval cost C_r and the unit of relative thresholds, so it is written next to every
/// number it shaped.
/// </summary>
public sealed record DistanceScale(double Value, int K, double Quantile, int MaxSample, int Sampled, long Rows, int Seed, string Metric)
{
    /// <summary>The rule in one line, e.g. <c>median distance to the 20th nearest request of another user (1000 of 7258 requests, seed 20231)</c>.</summary>
    public string Rule => string.Create(CultureInfo.InvariantCulture,
        $"{(Quantile == 0.5 ? "median" : $"{Quantile:0.###} quantile of the")} {Metric} distance to the {Ordinal(K)} nearest request of another user ({Sampled} of {Rows} requests, seed {Seed})");

    /// <summary>The scale as summary.json records it.</summary>
    public JsonObject ToJson() => new()
    {
        ["value"] = Value,
        ["rule"] = Rule,
        ["k"] = K,
        ["quantile"] = Quantile,
        ["sample"] = Sampled,
        ["max_sample"] = MaxSample,
        ["rows"] = Rows,
        ["seed"] = Seed,
        ["metric"] = Metric,
    };

    private static string Ordinal(int k) => k + ((k % 100) is 11 or 12 or 13 ? "th" : (k % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
