namespace SimCache.Caching.Configuration;

/// <summary>
/// One registry line: a component's config name, its parameters, a line of help and the constructor. Policies,
/// indexes and cost models are all registered this way, so adding one is a new file plus one line.
/// </summary>
public sealed record ComponentInfo<TFactory>(string Name, IReadOnlyList<ParameterInfo> Parameters, string Help, TFactory Create)
    where TFactory : Delegate
{
    /// <summary>"name(p=default, ...)": the usage line.</summary>
    public string Usage => Parameters.Count == 0 ? Name : $"{Name}({SpecArguments.Describe(Parameters)})";
}
