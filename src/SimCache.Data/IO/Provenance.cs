using System.Reflection;

namespace SimCache.Data.IO;

/// <summary>
/// What made a file: every output records it (as Arrow schema metadata or in a JSON manifest) so that a
/// result can always be traced back to the command, parameters, seed, inputs and code version behind it.
/// </summary>
public sealed record Provenance(string Command, long? Seed, string Version)
{
    /// <summary>The version of the running tool (assembly informational version).</summary>
    public static string ToolVersion { get; } =
        typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Provenance).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Provenance for the given command line, with the running tool's version.</summary>
    public static Provenance For(string command, long? seed) => new(command, seed, ToolVersion);
}
