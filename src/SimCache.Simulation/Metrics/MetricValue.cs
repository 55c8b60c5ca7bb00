namespace SimCache.Simulation.Metrics;

/// <summary>A metric's value in one run; NaN when the metric is undefined for it (<see cref="MetricDefinition.UndefinedWhen"/>).</summary>
public readonly record struct MetricValue(MetricDefinition Definition, double Value);
