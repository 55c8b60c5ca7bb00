namespace SimCache.Simulation.Metrics;

/// <summary>Which way a metric improves, so a figure or table can say "higher is better" without a list of its own.</summary>
public enum MetricDirection
{
    /// <summary>Neither: a count or a property of the run that describes rather than ranks.</summary>
    Neutral,
    HigherIsBetter,
    LowerIsBetter,
}
