using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Results;

/// <summary>What a merge did: per shard its rows and how many of them were new to results.db; the totals; the files written.</summary>
public sealed record MergeOutcome(IReadOnlyList<(SweepShard Shard, int Rows, int Added)> Shards, int Added, int TotalRows, string Database, string Csv);
