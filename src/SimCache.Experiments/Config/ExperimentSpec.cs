using SimCache.Training.Training;

namespace SimCache.Experiments.Config;

/// <summary>
/// One named study of an experiments file: its data and, each optional, the model trained on it, the
/// re-embedding trace, the geometry analysis and the cache sweep. A missing section is a stage not run.
/// </summary>
public sealed record ExperimentSpec(string Name, string? Description, DataSpec Data, TrainOptions? Training)
{
    public TraceSpec? Trace { get; init; }
    public GeometrySpec? Geometry { get; init; }
    public SweepSpec? Sweep { get; init; }
}
