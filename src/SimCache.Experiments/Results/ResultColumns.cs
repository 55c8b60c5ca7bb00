namespace SimCache.Experiments.Results;

/// <summary>
/// The fixed columns of results.db and results.csv. Parameters, simulator options and metrics get columns of
/// their own names next to these, so these names are reserved: a cache parameter or metric may not take one.
/// </summary>
public static class ResultColumns
{
    public const string Experiment = "experiment";
    public const string PointKey = "point_key";
    public const string Seed = "seed";
    public const string Policy = "policy";
    public const string Cache = "cache";
    public const string Inputs = "inputs";
    public const string CodeVersion = "code_version";
    public const string WallSeconds = "wall_seconds";

    /// <summary>In CSV order: identity first, then (after the variable columns) provenance.</summary>
    public static IReadOnlyList<string> Leading { get; } = [Experiment, PointKey, Seed, Policy, Cache];
    public static IReadOnlyList<string> Trailing { get; } = [Inputs, CodeVersion, WallSeconds];
    public static IReadOnlyList<string> All { get; } = [.. Leading, .. Trailing];

    /// <summary>Names of variable columns: lower-case letters, digits and '_', starting with a letter.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] is >= 'a' and <= 'z' && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');
}
