using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Results;

/// <summary>
/// Where one shard stands: its share of pairs (null when unknown: no plan and the shard never started), how many
/// rows its own database holds, how many of its pairs are done anywhere (its database or OUT/results.db) and
/// how many are missing.
/// </summary>
public sealed record ShardState(string Experiment, SweepShard Shard, int? Pairs, int InShard, int Done, bool Started)
{
    /// <summary>Pairs of the share not yet done anywhere (null when the share is unknown).</summary>
    public int? Missing => Pairs - Done;
}
