using System.Globalization;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Caching.Configuration;

/// <summary>
/// The arguments of one component spec checked against the parameters the component declares: unknown and
/// repeated names are rejected at construction (listing the valid ones); typed getters parse values with the
/// invariant culture and name the parameter in every error. The getters also record each value in canonical
/// form, so <see cref="Canonical"/> spells the component with every parameter, defaults included — the string
/// a results file should record.
/// </summary>
public sealed class SpecArguments
{
    private readonly Dictionary<string, SpecArgument> _given = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ParameterInfo> _parameters;
    private readonly List<(string Key, string Value)> _canonical = new();

    public SpecArguments(Spec spec, IReadOnlyList<ParameterInfo> parameters, string component)
    {
        Spec = spec;
        _parameters = parameters;
        Component = component;
        foreach (var a in spec.Arguments)
        {
            if (!parameters.Any(p => p.Name == a.Key))
                throw new UsageException($"{component} '{spec.Name}': unknown parameter '{a.Key}'; valid parameters: {Describe(parameters)}");
            if (!_given.TryAdd(a.Key, a))
                throw new UsageException($"{component} '{spec.Name}': parameter '{a.Key}' is given twice");
        }
    }

    public Spec Spec { get; }

    /// <summary>What kind of component this is ("cache", "index", "cost"), for messages.</summary>
    public string Component { get; }

    /// <summary>The declared parameters, comma separated, for help and errors.</summary>
    public static string Describe(IReadOnlyList<ParameterInfo> parameters) =>
        parameters.Count == 0 ? "(none)" : string.Join(", ", parameters.Select(p => p.ToString()));

    /// <summary>Refuses the spec if it leaves out a parameter that has no default (the error a later read would give).</summary>
    public void RequireDeclared()
    {
        foreach (var p in _parameters)
            if (p.Default is null && !_given.ContainsKey(p.Name)) throw Missing(p.Name);
    }

    /// <summary>True when the spec gives <paramref name="name"/> explicitly.</summary>
    public bool Has(string name) => _given.ContainsKey(name);

    /// <summary>An integer in [min, max].</summary>
    public int Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        string text = Text(name);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
        {
            // A whole number beyond int (1e12, 99999999999) is out of range, not "not an integer".
            bool whole = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d == Math.Floor(d);
            if (whole)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{Component} '{Spec.Name}': parameter '{name}' is out of range: {text} is not in [{min}, {max}]"));
            throw Bad(name, text, "an integer");
        }
        if (v < min || v > max) throw Bad(name, text, Range(min, max));
        Record(name, v.ToString(CultureInfo.InvariantCulture));
        return v;
    }

    /// <summary>A finite number in [min, max]; with <paramref name="minExclusive"/>, strictly above min.</summary>
    public double Double(string name, double min = double.MinValue, double max = double.MaxValue, bool minExclusive = false)
    {
        string text = Text(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Bad(name, text, "a finite number");
        if (v < min || v > max || (minExclusive && v == min))
            throw Bad(name, text, minExclusive ? $"a number > {Num(min)}" + (max < double.MaxValue ? $" and ≤ {Num(max)}" : "") : Range(min, max));
        Record(name, Num(v));
        return v;
    }

    /// <summary>One of <paramref name="values"/> (plain text, compared exactly).</summary>
    public string Choice(string name, params string[] values)
    {
        string text = Text(name);
        if (Array.IndexOf(values, text) < 0) throw Bad(name, text, "one of " + string.Join(", ", values));
        Record(name, text);
        return text;
    }

    /// <summary>A nested component spec (a bare name or name(...)).</summary>
    public Spec NestedSpec(string name)
    {
        var info = Info(name);
        if (_given.TryGetValue(name, out var a))
            return a.Nested ?? Spec.Parse(a.Text!, $"{Component} '{Spec.Name}' parameter '{name}'");
        if (info.Default is null) throw Missing(name);
        return Spec.Parse(info.Default, $"{Component} '{Spec.Name}' parameter '{name}'");
    }

    /// <summary>Records the canonical text of a nested spec value (after the nested component resolved its defaults).</summary>
    public void RecordNested(string name, string canonical) => Record(name, canonical);

    /// <summary>The component with every parameter read so far, in declaration order: <c>name(a=1, b=2)</c>.</summary>
    public string Canonical()
    {
        var sb = new StringBuilder(Spec.Name);
        var ordered = _parameters.Select(p => _canonical.FindIndex(c => c.Key == p.Name)).Where(i => i >= 0).Select(i => _canonical[i]).ToList();
        if (ordered.Count == 0) return sb.ToString();
        sb.Append('(');
        for (int i = 0; i < ordered.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(ordered[i].Key).Append('=').Append(ordered[i].Value);
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Invariant round-trip spelling of a number.</summary>
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private string Text(string name)
    {
        var info = Info(name);
        if (_given.TryGetValue(name, out var a))
        {
            if (a.Text is null) throw new UsageException($"{Component} '{Spec.Name}': parameter '{name}' must be a plain value, got '{a.ValueText}'");
            return a.Text;
        }
        return info.Default ?? throw Missing(name);
    }

    private ParameterInfo Info(string name) =>
        _parameters.FirstOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"parameter '{name}' is not declared by {Spec.Name}");

    private void Record(string name, string value)
    {
        int i = _canonical.FindIndex(c => c.Key == name);
        if (i >= 0) _canonical[i] = (name, value);
        else _canonical.Add((name, value));
    }

    private UsageException Missing(string name) =>
        new($"{Component} '{Spec.Name}': parameter '{name}' is required; parameters: {Describe(_parameters)}");

    private UsageException Bad(string name, string text, string expected) =>
        new($"{Component} '{Spec.Name}': parameter '{name}' must be {expected}, got '{text}'");

    private static string Range(double min, double max) =>
        (min > double.MinValue && min > int.MinValue, max < double.MaxValue && max < int.MaxValue) switch
        {
            (true, true) => $"in [{Num(min)}, {Num(max)}]",
            (true, false) => $"≥ {Num(min)}",
            (false, true) => $"≤ {Num(max)}",
            _ => "a value",
        };
}
