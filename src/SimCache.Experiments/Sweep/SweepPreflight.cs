using System.Text.RegularExpressions;
using SimCache.Data.IO;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// Everything a sweep checks before it writes or runs anything: every point's values (without inputs, so
/// <c>run</c> can do it before its first stage), then the inputs and every point against them (once the trace
/// is known). A refusal names the experiments file and the JSON path of the value at fault
/// (<c>experiments.json: experiments[0].sweep.caches[2].capacity[1] (lru(capacity=0)): …</c>), or of the cache
/// entry when no single value is, so a typo found in point 131 of 192 is found before point 1.
/// </summary>
public static partial class SweepPreflight
{
    /// <summary>A refusal that names one parameter: <c>parameter 'capacity'</c>; a key store too large names its capacity.</summary>
    [GeneratedRegex(@"parameter '(?<name>[a-z0-9_]+)'|its (?<name>capacity)\b")]
    private static partial Regex ParameterMention();

    /// <summary>A refusal that names one simulator option: <c>simulator option 'warmup'</c>.</summary>
    [GeneratedRegex(@"simulator option '(?<name>[a-z0-9_]+)'")]
    private static partial Regex OptionMention();

    /// <summary>Asks the runner whether it can run every point (values only), refusing the first it cannot.</summary>
    public static void CheckValues(IReadOnlyList<SweepPoint> points, ISweepPointRunner runner)
    {
        foreach (var point in points)
        {
            try
            {
                runner.Check(point);
            }
            catch (UsageException e)
            {
                throw Refusal(point, e.Message);
            }
        }
    }

    /// <summary>Vets the inputs, then every point against them; nothing is written.</summary>
    public static void CheckInputs(IReadOnlyList<SweepPoint> points, SweepInputs inputs, ISweepPointRunner runner)
    {
        runner.CheckInputs(inputs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            // Simulator options other than the index and the warm-up change neither the cache nor what is counted.
            if (!seen.Add(point.Cache + "|" + point.Options.Index + "|" + point.Options.Warmup)) continue;
            try
            {
                runner.CheckInputs(inputs, point);
            }
            catch (UsageException e)
            {
                throw Refusal(point, e.Message);
            }
        }
    }

    /// <summary>
    /// The refusal of <paramref name="point"/> for <paramref name="message"/>: a <see cref="DataFormatException"/>
    /// naming the experiments file and the JSON path of the parameter the message names (else the cache entry's),
    /// or a <see cref="UsageException"/> for a point not read from a file.
    /// </summary>
    public static Exception Refusal(SweepPoint point, string message)
    {
        string at = point.Source;
        var m = ParameterMention().Match(message);
        if (m.Success && point.ValueSources is { } sources && sources.TryGetValue(m.Groups["name"].Value, out var valueAt)) at = valueAt;
        var o = OptionMention().Match(message);
        if (o.Success && point.OptionSources is { } options && options.TryGetValue(o.Groups["name"].Value, out var optionAt)) at = optionAt;
        var text = $"{at} ({point.Cache}): {message}";
        return point.File is { } file ? new DataFormatException(file, text) : new UsageException(text);
    }
}
