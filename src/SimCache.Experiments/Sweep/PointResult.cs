namespace SimCache.Experiments.Sweep;

/// <summary>What one point × seed measured: the flat metrics of its summary and, optionally, its per-window time series.</summary>
public sealed record PointResult(IReadOnlyDictionary<string, double> Metrics, TimeSeries? Series = null);
