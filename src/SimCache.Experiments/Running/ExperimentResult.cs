using SimCache.Experiments.Sweep;
using SimCache.Training.Training;

namespace SimCache.Experiments.Running;

/// <summary>What a run produced: the data set folder, the model run and its metrics (if trained), the sweep's outcome (if it ran), every stage's status and the report page.</summary>
public sealed record ExperimentResult(string Dataset, string? RunDir, RunMetrics? Metrics, SweepOutcome? Sweep, IReadOnlyList<StageStatus> Stages, string Report);
