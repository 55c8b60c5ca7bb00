using SimCache.Training.Training;

namespace SimCache.Experiments.Config;

/// <summary>One named study of an experiments file: its data and, optionally, the model trained on it. Trace, geometry and sweep settings join as their stages land.</summary>
public sealed record ExperimentSpec(string Name, string? Description, DataSpec Data, TrainOptions? Training);
