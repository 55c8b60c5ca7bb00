using System.Text;

namespace SimCache.Caching.Configuration;

/// <summary>
/// A parsed component string such as <c>sim-lru(capacity=1000, threshold=0.8, index=hnsw(ef=128))</c>: a name
/// and named arguments whose values are plain text or nested specs. The same text names a cache on the command
/// line and in experiments.json, so it is parsed in exactly one place.
/// </summary>
public sealed class Spec
{
    public Spec(string name, IReadOnlyList<SpecArgument> arguments)
    {
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The component name, lower case.</summary>
    public string Name { get; }

    /// <summary>The arguments in the order written.</summary>
    public IReadOnlyList<SpecArgument> Arguments { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="what"/> (e.g. "cache") prefixes error messages.</summary>
    public static Spec Parse(string text, string what) => SpecParser.Parse(text, what);

    public override string ToString()
    {
        if (Arguments.Count == 0) return Name;
        var sb = new StringBuilder(Name).Append('(');
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Arguments[i].Key).Append('=').Append(Arguments[i].ValueText);
        }
        return sb.Append(')').ToString();
    }
}
