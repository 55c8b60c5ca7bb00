using SimCache.Experiments.Config;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// One point of a sweep: a cache (policy and parameter values) and the simulator options, everything that
/// determines a run except the seed. Its <see cref="Key"/> is canonical (parameters and options by name,
/// invariant number text), e.g. <c>sim-lru(capacity=100,threshold=0.2)|arrivals=trace|index=exact|latency=0|ttl=none|warmup=0|window=1000</c>,
/// so a rerun, another machine or another <c>--jobs</c> finds the same point under the same key.
/// </summary>
/// <param name="Index">Position in the sweep's expansion order (caches as written, then their grids, then simulator options).</param>
/// <param name="Key">The canonical point key (see above).</param>
/// <param name="Policy">The policy name.</param>
/// <param name="Cache">The cache string, <c>sim-lru(capacity=100,threshold=0.2)</c>, as the policy registry parses it.</param>
/// <param name="Parameters">The policy's parameters in canonical order.</param>
/// <param name="Simulator">Every simulator option (see <see cref="SimulatorGrid"/>) in canonical order.</param>
/// <param name="Source">The JSON path of the cache entry it came from, for error messages.</param>
public sealed record SweepPoint(
    int Index, string Key, string Policy, string Cache,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Parameters,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Simulator,
    string Source)
{
    /// <summary>The experiments file the point was read from (null when built in code), for messages.</summary>
    public string? File { get; init; }

    /// <summary>The JSON path each parameter's value was written at, by parameter name (see <see cref="GridParameter.Sources"/>).</summary>
    public IReadOnlyDictionary<string, string>? ValueSources { get; init; }

    /// <summary>
    /// The JSON path each simulator option's value was written at, by option name (<c>experiments[0].sweep.simulator.warmup</c>);
    /// options left at their defaults have none. Kept apart from <see cref="ValueSources"/>: a policy parameter and a
    /// simulator option may share a name (gmm-placement's window and the replay's).
    /// </summary>
    public IReadOnlyDictionary<string, string>? OptionSources { get; init; }

    /// <summary>The simulator options, typed.</summary>
    public SimulatorOptions Options => SimulatorOptions.From(Simulator);

    /// <summary>A policy parameter's value, or null if the policy was given none of that name.</summary>
    public ParamValue? Parameter(string name) => Parameters.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>The canonical cache string for a policy and its parameters in canonical order.</summary>
    public static string CacheString(string policy, IEnumerable<KeyValuePair<string, ParamValue>> parameters)
    {
        var list = parameters.ToList();
        return list.Count == 0 ? policy : policy + "(" + string.Join(",", list.Select(p => p.Key + "=" + p.Value.Canonical)) + ")";
    }

    /// <summary>The canonical point key for a cache string and the simulator options in canonical order.</summary>
    public static string KeyOf(string cache, IEnumerable<KeyValuePair<string, ParamValue>> simulator) =>
        cache + string.Concat(simulator.Select(o => "|" + o.Key + "=" + o.Value.Canonical));
}
