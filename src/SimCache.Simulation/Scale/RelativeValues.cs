using System.Globalization;
using System.Text.RegularExpressions;
using SimCache.Data.IO;

namespace SimCache.Simulation.Scale;

/// <summary>
/// Values given as multiples of the trace's distance scale: <c>0.5*scale</c> in a cache spec
/// (<c>sim-lru(capacity=100, threshold=0.5*scale)</c>, <c>cost=power(cr=2*scale)</c>) is replaced by 0.5 times
/// the scale before the spec is built, so one spec, or one experiments.json, means the same on data sets whose
/// distances differ tenfold. The sweep writes its relative thresholds in this form; <c>simulate</c> accepts it
/// too. Only a parameter value that is a whole multiple expression (<c>NUMBER*scale</c>) is replaced.
/// </summary>
public static partial class RelativeValues
{
    /// <summary>The suffix that marks a relative value.</summary>
    public const string Suffix = "*scale";

    [GeneratedRegex(@"(?<=[(,=]\s*)(?<num>[^\s(),=*]*)\s*\*\s*scale(?=\s*[),])")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\*\s*scale\b")]
    private static partial Regex Mention();

    /// <summary>The spelling of <paramref name="multiple"/> times the scale, e.g. <c>0.5*scale</c>.</summary>
    public static string Format(double multiple) => multiple.ToString("R", CultureInfo.InvariantCulture) + Suffix;

    /// <summary>True when <paramref name="spec"/> holds a value relative to the scale.</summary>
    public static bool Mentions(string spec) => Mention().IsMatch(spec);

    /// <summary>The multiple of a parameter value written <c>NUMBER*scale</c>, or null when it is not one.</summary>
    public static double? Multiple(string value)
    {
        var text = value.Trim();
        if (!text.EndsWith(Suffix, StringComparison.Ordinal)) return null;
        return double.TryParse(text[..^Suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && double.IsFinite(m) && m >= 0 ? m : null;
    }

    /// <summary>
    /// <paramref name="spec"/> with every <c>NUMBER*scale</c> replaced by NUMBER·<paramref name="scale"/>
    /// (round-trip spelling); a malformed one (<c>x*scale</c>, a negative multiple, <c>*scale</c> outside a
    /// parameter value) is a <see cref="UsageException"/>.
    /// </summary>
    public static string Resolve(string spec, double scale)
    {
        var resolved = Expression().Replace(spec, m =>
        {
            var num = m.Groups["num"].Value;
            if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var multiple) || !double.IsFinite(multiple) || multiple < 0)
                throw new UsageException($"'{m.Value}' in '{spec}': a relative value is a number ≥ 0 times the scale, e.g. 0.5*scale");
            return (multiple * scale).ToString("R", CultureInfo.InvariantCulture);
        });
        if (Mentions(resolved))
            throw new UsageException($"'{spec}': '*scale' may follow only a number that is a whole parameter value, e.g. threshold=0.5*scale");
        return resolved;
    }
}
