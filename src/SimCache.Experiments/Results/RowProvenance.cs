namespace SimCache.Experiments.Results;

/// <summary>What identifies a results row and where it came from, without its values: what merging and shard status need, read cheaply.</summary>
public sealed record RowProvenance(string Experiment, string PointKey, long Seed, string Policy, string Inputs, string CodeVersion, double WallSeconds);
