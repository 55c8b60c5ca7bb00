namespace SimCache.Cli.Tests.Malformed;

/// <summary>Every family's table in one list, looked up by name (the theory's data is the name, so each case shows and filters on its own).</summary>
public static class MalformedCases
{
    public static IReadOnlyList<string> Families { get; } =
        [MalformedCsvCases.Family, MalformedArrowCases.Family, MalformedSpecCases.Family, MalformedExperimentCases.Family, MalformedGmmCases.Family, MalformedOutputCases.Family, MalformedClusterCases.Family];

    public static IReadOnlyList<MalformedCase> All { get; } =
    [
        .. MalformedCsvCases.Cases, .. MalformedArrowCases.Cases, .. MalformedSpecCases.Cases,
        .. MalformedExperimentCases.Cases, .. MalformedGmmCases.Cases, .. MalformedOutputCases.Cases, .. MalformedClusterCases.Cases,
    ];

    public static IReadOnlyDictionary<string, MalformedCase> ByName { get; } = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
}
