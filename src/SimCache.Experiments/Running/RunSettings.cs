namespace SimCache.Experiments.Running;

/// <summary>
/// How to run an experiment: the output folder (the experiment writes OUT/NAME/…, shared files OUT/results.db,
/// OUT/index.html), the command line for provenance, the sweep's parallelism, and where a data set named with
/// <c>"download": true</c> is fetched from (null: <c>SIMCACHE_DOWNLOAD_BASE</c>, else the publisher).
/// </summary>
public sealed record RunSettings(string OutDir, string Command, int Jobs = 1, string? DownloadBase = null)
{
    /// <summary>
    /// Run only this shard of the sweep (null: all of it). The stages before the sweep are cached by key, so a shard
    /// reuses what the first process built (shards wait for the experiment folder's lock rather than race for it);
    /// the shard writes only OUT/shards/I-of-N/, and neither the report nor experiment.json: <c>results merge</c> does.
    /// </summary>
    public Sweep.SweepShard? Shard { get; init; }

    /// <summary>Every stage but the sweep (then the report): the one job that makes a sharded sweep's inputs.</summary>
    public bool NoSweep { get; init; }
}
