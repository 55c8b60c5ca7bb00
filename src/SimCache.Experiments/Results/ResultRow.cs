using SimCache.Experiments.Config;

namespace SimCache.Experiments.Results;

/// <summary>
/// One row of results.db: one point × seed of one experiment, with every parameter, every simulator option,
/// every metric (NaN where not defined), the inputs it ran on, the code version and its wall time.
/// </summary>
public sealed record ResultRow(
    string Experiment, string PointKey, long Seed, string Policy, string Cache,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Parameters,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Simulator,
    IReadOnlyDictionary<string, double> Metrics,
    string Inputs, string CodeVersion, double WallSeconds)
{
    /// <summary>The run's warnings (a degenerate result the numbers alone would hide), in the order raised.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A parameter's value, or null.</summary>
    public ParamValue? Parameter(string name) => Parameters.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>A simulator option's value, or null.</summary>
    public ParamValue? Option(string name) => Simulator.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>A metric's value, NaN when absent or not defined.</summary>
    public double Metric(string name) => Metrics.TryGetValue(name, out var v) ? v : double.NaN;
}
