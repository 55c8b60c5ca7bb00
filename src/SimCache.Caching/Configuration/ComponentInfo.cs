namespace SimCache.Caching.Configuration;

/// <summary>
/// One registry line: a component's config name, its parameters, a line of help and the constructor. Policies,
/// indexes and cost models are all registered this way, so adding one is a new file plus one line.
/// </summary>
public sealed record ComponentInfo<TFactory>(string Name, IReadOnlyList<ParameterInfo> Parameters, string Help, TFactory Create)
    where TFactory : Delegate
{
    /// <summary>
    /// Why this component's results are not on the same footing as its peers' (null when they are): e.g. a policy
    /// whose hit ratio and cost measure something else than the key caches' do. The report marks such a policy in
    /// its comparisons and prints this text, so a reader never compares unlike numbers unwarned.
    /// </summary>
    public string? Caveat { get; init; }

    /// <summary>"name(p=default, ...)": the usage line.</summary>
    public string Usage => Parameters.Count == 0 ? Name : $"{Name}({SpecArguments.Describe(Parameters)})";
}
