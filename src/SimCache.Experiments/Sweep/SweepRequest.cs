namespace SimCache.Experiments.Sweep;

/// <summary>One sweep to run: an experiment's points × seeds on one set of inputs, into a results folder, with N jobs.</summary>
public sealed record SweepRequest(
    string Experiment, IReadOnlyList<SweepPoint> Points, IReadOnlyList<long> Seeds, SweepInputs Inputs,
    string ResultsDir, int Jobs, string CodeVersion)
{
    /// <summary>
    /// Only this shard's pairs (null: all). A shard's rows go to its own database, <c>RESULTS/shards/I-of-N/results.db</c>,
    /// never to RESULTS/results.db: shards run on different nodes and SQLite on a network file system is not safe for
    /// concurrent writers. <c>simcache results merge</c> folds them into RESULTS/results.db.
    /// </summary>
    public SweepShard? Shard { get; init; }
}
