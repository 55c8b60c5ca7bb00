using SimCache.Experiments.Results;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// A policy's chosen setting at one value of the compared parameter (a capacity): the point with the lowest mean
/// of the selection metric over its seeds. <see cref="Row"/> is that point's first row (lowest seed) and
/// <see cref="Setting"/> names its other parameters that vary across the policy's points ("" when none do);
/// <see cref="Metrics"/> holds every metric of the point over its seeds.
/// </summary>
public sealed record BestSetting(string Policy, double X, ResultRow Row, string Setting, int Candidates, IReadOnlyDictionary<string, SeedBand> Metrics)
{
    /// <summary>The metric over seeds, <see cref="SeedBand.Undefined"/> when no seed has it.</summary>
    public SeedBand this[string metric] => Metrics.TryGetValue(metric, out var b) ? b : SeedBand.Undefined;
}
