namespace SimCache.Caching.Configuration;

/// <summary>
/// One parameter a component accepts: its name, the default as text (null when required) and a line of help.
/// Components declare these up front so that an unknown or misspelt parameter can be rejected with the list of
/// valid ones before anything is built.
/// </summary>
public sealed record ParameterInfo(string Name, string? Default, string Help)
{
    /// <summary>"name=default" or "name (required)", for help and error messages.</summary>
    public override string ToString() => Default is null ? $"{Name} (required)" : $"{Name}={Default}";
}
