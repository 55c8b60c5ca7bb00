using SimCache.Data.IO;

namespace SimCache.Caching.Configuration;

/// <summary>
/// Looks a component up by name and checks its arguments; an unknown name is a <see cref="UsageException"/>
/// listing every valid name with its parameters.
/// </summary>
public sealed class ComponentRegistry<TFactory> where TFactory : Delegate
{
    private readonly string _component;

    public ComponentRegistry(string component, IReadOnlyList<ComponentInfo<TFactory>> entries)
    {
        _component = component;
        Entries = entries;
        var dup = entries.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"{component} '{dup.Key}' is registered twice");
    }

    public IReadOnlyList<ComponentInfo<TFactory>> Entries { get; }

    /// <summary>The valid names, comma separated.</summary>
    public string Names => string.Join(", ", Entries.Select(e => e.Name));

    /// <summary>The entry for <paramref name="spec"/> and its checked arguments.</summary>
    public (ComponentInfo<TFactory> Info, SpecArguments Args) Resolve(Spec spec)
    {
        var info = Entries.FirstOrDefault(e => e.Name == spec.Name)
            ?? throw new UsageException($"unknown {_component} '{spec.Name}'; valid: {string.Join("; ", Entries.Select(e => e.Usage))}");
        return (info, new SpecArguments(spec, info.Parameters, _component));
    }
}
