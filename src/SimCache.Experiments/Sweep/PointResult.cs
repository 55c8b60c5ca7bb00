using SimCache.Experiments.Config;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// What one point × seed measured: the flat metrics of its summary and, optionally, its per-window time series;
/// the point's parameters as they were resolved on the trace (a threshold given relative to the trace's distance
/// scale, recorded both ways), or null when they are the point's own; and the run's warnings (degenerate results
/// that are numbers all the same), which the sweep prints and counts.
/// </summary>
public sealed record PointResult(IReadOnlyDictionary<string, double> Metrics, TimeSeries? Series = null)
{
    /// <summary>The parameters to record for the run, or null for <see cref="SweepPoint.Parameters"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, ParamValue>>? Parameters { get; init; }

    /// <summary>The run's warnings, in the order raised.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
