namespace SimCache.Experiments.Sweep;

/// <summary>One point × seed pair of a shard's share.</summary>
public sealed record ShardPair(string Point, long Seed);
