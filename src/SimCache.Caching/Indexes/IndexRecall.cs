namespace SimCache.Caching.Indexes;

/// <summary>
/// The measured quality of an index: over <see cref="Samples"/> sampled lookups, how often its nearest key was
/// the true nearest (recall@1) and what share of the true <see cref="K"/> nearest it returned (recall@k). An
/// approximate index turns would-be hits into misses, so a hit rate is only meaningful next to these.
/// </summary>
public readonly record struct IndexRecall(long Samples, int K, double RecallAt1, double RecallAtK);
