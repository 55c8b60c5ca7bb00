namespace SimCache.Experiments.Config;

/// <summary>One named study of an experiments file. Training, trace, geometry and sweep settings join the data as their stages land.</summary>
public sealed record ExperimentSpec(string Name, string? Description, DataSpec Data);
