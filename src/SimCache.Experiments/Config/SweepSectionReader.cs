using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SimCache.Experiments.Results;

namespace SimCache.Experiments.Config;

/// <summary>
/// Reads an experiment's <c>sweep</c> section: the cache grids (each parameter a scalar, a list or a range),
/// the seeds and the simulator options, refusing anything malformed with its JSON path. Policy names and
/// their parameter names are checked for form here; whether a policy exists and takes those parameters is
/// the simulator's to say (<see cref="Sweep.ISweepPointRunner.Check"/>) before any point runs.
/// </summary>
internal static partial class SweepSectionReader
{
    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex PolicyName();

    [GeneratedRegex(@"^[A-Za-z0-9_.+\-*/^:]+(\([A-Za-z0-9_.+\-*/^:=,]*\))?$")]
    private static partial Regex ParameterText();

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9_-]*)(\((?<args>[^()]*)\))?$")]
    private static partial Regex Function();

    public static SweepSpec Read(JsonSpecReader r, JsonElement e, string at)
    {
        var map = r.Object(e, at, ExperimentFileKeys.Sweep);
        var cachesAt = JsonSpecReader.Join(at, "caches");
        var list = r.Required(map, at, "caches");
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) throw r.Error(cachesAt, "expected a non-empty array of caches, e.g. [{\"policy\": \"sim-lru\", \"capacity\": 1000, \"threshold\": 0.8}]");
        var simulator = map.TryGetValue("simulator", out var sim) ? Simulator(r, sim, JsonSpecReader.Join(at, "simulator"), SimulatorGrid.Default) : SimulatorGrid.Default;
        var caches = new List<CacheGrid>();
        int i = 0;
        foreach (var c in list.EnumerateArray()) caches.Add(Cache(r, c, $"{cachesAt}[{i++}]", simulator));
        var seeds = map.TryGetValue("seeds", out var s) ? Seeds(r, s, JsonSpecReader.Join(at, "seeds")) : [1L];
        var spec = new SweepSpec(caches, seeds, simulator, at) { File = r.File };
        // Two entries that expand to the same point would run it twice under one key: refuse, naming both.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var point in Sweep.SweepPlan.Expand(spec))
            if (!seen.TryAdd(point.Key, point.Source))
                throw r.Error(point.Source, $"repeats the point {point.Cache} of {seen[point.Key]}");
        return spec;
    }

    private static CacheGrid Cache(JsonSpecReader r, JsonElement e, string at, SimulatorGrid sweepSimulator)
    {
        var simulator = sweepSimulator;
        if (e.ValueKind != JsonValueKind.Object) throw r.Error(at, $"expected an object like {{\"policy\": \"sim-lru\", \"capacity\": 1000}}, found {JsonSpecReader.Kind(e)}");
        string? policy = null;
        var parameters = new List<GridParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var pat = JsonSpecReader.Join(at, p.Name);
            if (!names.Add(p.Name)) throw r.Error(pat, "given twice");
            if (p.Name == "policy")
            {
                policy = r.String(p.Value, pat);
                if (!PolicyName().IsMatch(policy)) throw r.Error(pat, $"'{policy}' is not a policy name (lower-case letters, digits and '-', e.g. sim-lru)");
                continue;
            }
            if (p.Name == "simulator")
            {
                simulator = Simulator(r, p.Value, pat, sweepSimulator);
                continue;
            }
            if (!ResultColumns.IsValidName(p.Name))
                throw r.Error(pat, "unknown key: a cache entry holds \"policy\" and the policy's parameters, named with lower-case letters, digits and '_'");
            if (ExperimentFileKeys.Simulator.Contains(p.Name))
                throw r.Error(pat, $"'{p.Name}' is a simulator option: set it in sweep.simulator, or for this cache only in its own \"simulator\": {{\"{p.Name}\": …}}");
            if (ResultColumns.All.Contains(p.Name))
                throw r.Error(pat, $"'{p.Name}' names a column of the results; it cannot be a cache parameter");
            var sources = new List<string>();
            parameters.Add(new GridParameter(p.Name, Values(r, p.Value, pat, CheckParameterText, sources)) { Sources = sources });
        }
        if (policy is null) throw r.Error(JsonSpecReader.Join(at, "policy"), "is required (e.g. \"policy\": \"sim-lru\")");
        return new CacheGrid(policy, parameters.OrderBy(g => g.Name, StringComparer.Ordinal).ToArray(), at) { Simulator = simulator };
    }

    private static string? CheckParameterText(ParamValue v) =>
        v.Text is null || ParameterText().IsMatch(v.Text) ? null
            : $"'{v.Text}' is not a parameter value: use a number, true/false, a multiple of the distance scale such as 0.5*scale, or a word such as hnsw or hnsw(ef=128), without spaces";

    private static IReadOnlyList<long> Seeds(JsonSpecReader r, JsonElement e, string at)
    {
        if (e.ValueKind == JsonValueKind.Number) return [Seed(r, e, at)];
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0) throw r.Error(at, $"expected a seed or a non-empty array of seeds, found {JsonSpecReader.Kind(e)}");
        var seeds = new List<long>();
        int i = 0;
        foreach (var s in e.EnumerateArray())
        {
            var sat = $"{at}[{i++}]";
            long seed = Seed(r, s, sat);
            if (seeds.Contains(seed)) throw r.Error(sat, string.Create(CultureInfo.InvariantCulture, $"seed {seed} is given twice"));
            seeds.Add(seed);
        }
        return seeds;
    }

    private static long Seed(JsonSpecReader r, JsonElement e, string at)
    {
        long seed = r.Long(e, at);
        return seed >= 0 ? seed : throw r.Error(at, "a seed must be ≥ 0");
    }

    /// <summary>Simulator options over <paramref name="defaults"/> (the built-in defaults, or for a cache the sweep's options).</summary>
    private static SimulatorGrid Simulator(JsonSpecReader r, JsonElement e, string at, SimulatorGrid defaults)
    {
        var map = r.Object(e, at, ExperimentFileKeys.Simulator);
        var options = new List<GridParameter>();
        foreach (var d in defaults.Options)
        {
            if (!map.TryGetValue(d.Name, out var v))
            {
                options.Add(d);
                continue;
            }
            var oat = JsonSpecReader.Join(at, d.Name);
            var sources = new List<string>();
            IReadOnlyList<ParamValue> values = d.Name switch
            {
                SimulatorGrid.Index => Values(r, v, oat, CheckIndex, sources),
                SimulatorGrid.Latency => Values(r, v, oat, CheckLatency, sources),
                SimulatorGrid.Ttl => Values(r, v, oat, CheckTtl, sources),
                SimulatorGrid.Arrivals => Values(r, v, oat, CheckArrivals, sources),
                SimulatorGrid.Warmup => [ParamValue.Of(r.Int(v, oat, 0))],
                _ => [ParamValue.Of(r.Double(v, oat, double.Epsilon, double.MaxValue))],
            };
            if (sources.Count == 0) sources.Add(oat); // a single value (warmup, window) is written at the option's own path
            options.Add(new GridParameter(d.Name, values) { Sources = sources });
        }
        return new SimulatorGrid(options);
    }

    private static string? CheckIndex(ParamValue v)
    {
        const string help = "expected exact, hnsw or hnsw(ef=N[,m=M])";
        if (v.Text is null || !TryFunction(v.Text, out var name, out var args)) return help;
        if (name == "exact") return args.Count == 0 ? null : "the exact index takes no parameters";
        return name == "hnsw" ? null : help;
    }

    private static string? CheckLatency(ParamValue v)
    {
        if (v.Number is double d) return d >= 0 ? null : "a latency is ≥ 0 seconds";
        return v.Text is not null && TryFunction(v.Text, out _, out var args) && args.Count > 0 ? null
            : "expected seconds (e.g. 0.05) or a distribution such as exp(mean=0.05)";
    }

    private static string? CheckTtl(ParamValue v)
    {
        if (v.Number is double d) return d > 0 ? null : "a TTL is > 0 seconds (or \"none\")";
        return v.Text == "none" ? null : "expected seconds > 0 or \"none\"";
    }

    private static string? CheckArrivals(ParamValue v)
    {
        if (v.Text == "trace") return null;
        return v.Text is not null && TryFunction(v.Text, out var name, out var args) && name == "poisson" && args.Count == 1 && args.TryGetValue("rate", out var rate) && rate > 0
            ? null : "expected trace or poisson(rate=R) with R > 0 requests per second";
    }

    /// <summary><c>name</c> or <c>name(k=v,...)</c> with numeric values ≥ 0.</summary>
    private static bool TryFunction(string text, out string name, out Dictionary<string, double> args)
    {
        args = new Dictionary<string, double>(StringComparer.Ordinal);
        name = "";
        var m = Function().Match(text);
        if (!m.Success) return false;
        name = m.Groups["name"].Value;
        if (!m.Groups["args"].Success) return true;
        foreach (var part in m.Groups["args"].Value.Split(','))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !ResultColumns.IsValidName(kv[0])
                || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0
                || !args.TryAdd(kv[0], value)) return false;
        }
        return args.Count > 0;
    }

    /// <summary>A grid dimension: a scalar, a list of scalars, or a range object; each value checked by <paramref name="check"/>.</summary>
    /// <remarks><paramref name="sources"/>, if given, receives each value's JSON path.</remarks>
    private static IReadOnlyList<ParamValue> Values(JsonSpecReader r, JsonElement e, string at, Func<ParamValue, string?> check, List<string>? sources = null)
    {
        var values = new List<ParamValue>();
        void Add(ParamValue v, string vat)
        {
            if (check(v) is { } problem) throw r.Error(vat, problem);
            if (values.Contains(v)) throw r.Error(vat, $"the value {v.Canonical} is given twice");
            values.Add(v);
            sources?.Add(vat);
        }
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                if (e.GetArrayLength() == 0) throw r.Error(at, "expected a non-empty list of values");
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    var iat = $"{at}[{i++}]";
                    Add(Scalar(r, item, iat), iat);
                }
                break;
            case JsonValueKind.Object:
                foreach (var (v, vat) in RangeOrValues(r, e, at)) Add(v, vat);
                break;
            default:
                Add(Scalar(r, e, at), at);
                break;
        }
        return values;
    }

    private static ParamValue Scalar(JsonSpecReader r, JsonElement e, string at) => e.ValueKind switch
    {
        JsonValueKind.Number => ParamValue.Of(r.Double(e, at, double.MinValue, double.MaxValue)),
        JsonValueKind.String when e.GetString()!.Length > 0 => ParamValue.Of(e.GetString()!),
        JsonValueKind.True or JsonValueKind.False => ParamValue.Of(e.GetBoolean()),
        _ => throw r.Error(at, $"expected a number, a string, true/false, a list of those or a range {{\"from\": …, \"to\": …, \"steps\": …}}, found {JsonSpecReader.Kind(e)}"),
    };

    /// <summary>
    /// A range <c>{"from", "to", "steps"}</c> or a list <c>{"values": […]}</c>; with <c>"relative": true</c> each
    /// value is a multiple of the trace's distance scale, kept as <c>N*scale</c> (resolved when the trace is known).
    /// </summary>
    private static IEnumerable<(ParamValue Value, string At)> RangeOrValues(JsonSpecReader r, JsonElement e, string at)
    {
        var map = r.Object(e, at, ExperimentFileKeys.Range);
        bool relative = map.TryGetValue("relative", out var rel) && r.Bool(rel, JsonSpecReader.Join(at, "relative"));
        var result = new List<(ParamValue, string)>();
        if (map.TryGetValue("values", out var list))
        {
            var lat = JsonSpecReader.Join(at, "values");
            foreach (var key in new[] { "from", "to", "steps", "scale", "integer" })
                if (map.ContainsKey(key)) throw r.Error(JsonSpecReader.Join(at, key), "a range's key, but this object lists \"values\": give either a range or a list");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) throw r.Error(lat, $"expected a non-empty list of values, found {JsonSpecReader.Kind(list)}");
            int i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var iat = $"{lat}[{i++}]";
                result.Add((relative ? Relative(r, item, iat) : Scalar(r, item, iat), iat));
            }
            return result;
        }
        foreach (var v in Range(r, map, at))
        {
            if (relative && v < 0) throw r.Error(at, "a relative range holds multiples of the distance scale, which are ≥ 0");
            result.Add((relative ? ParamValue.Of(Simulation.Scale.RelativeValues.Format(v)) : ParamValue.Of(v), at));
        }
        return result;
    }

    /// <summary>A multiple ≥ 0 of the trace's distance scale, as the value <c>N*scale</c>.</summary>
    private static ParamValue Relative(JsonSpecReader r, JsonElement e, string at)
    {
        double v = e.ValueKind == JsonValueKind.Number ? r.Double(e, at, 0, double.MaxValue)
            : throw r.Error(at, $"expected a number ≥ 0 (a multiple of the trace's distance scale), found {JsonSpecReader.Kind(e)}");
        return ParamValue.Of(Simulation.Scale.RelativeValues.Format(v == 0 ? 0 : v));
    }

    private static IReadOnlyList<double> Range(JsonSpecReader r, Dictionary<string, JsonElement> map, string at)
    {
        var from = r.Double(r.Required(map, at, "from"), JsonSpecReader.Join(at, "from"), double.MinValue, double.MaxValue);
        var to = r.Double(r.Required(map, at, "to"), JsonSpecReader.Join(at, "to"), double.MinValue, double.MaxValue);
        var steps = r.Int(r.Required(map, at, "steps"), JsonSpecReader.Join(at, "steps"), 2, ParameterRange.MaxSteps);
        bool log = map.TryGetValue("scale", out var sc) && r.Choice(sc, JsonSpecReader.Join(at, "scale"), ["linear", "log"], "scale") == "log";
        bool integer = map.TryGetValue("integer", out var ig) && r.Bool(ig, JsonSpecReader.Join(at, "integer"));
        try
        {
            return new ParameterRange(from, to, steps, log, integer).Expand();
        }
        catch (ArgumentException x)
        {
            throw r.Error(at, x.Message);
        }
    }
}
