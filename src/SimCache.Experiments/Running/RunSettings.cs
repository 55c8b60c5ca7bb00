namespace SimCache.Experiments.Running;

/// <summary>
/// How to run an experiment: the output folder (the experiment writes OUT/NAME/…, shared files OUT/results.db,
/// OUT/index.html), the command line for provenance, the sweep's parallelism, and where a data set named with
/// <c>"download": true</c> is fetched from (null: <c>SIMCACHE_DOWNLOAD_BASE</c>, else the publisher).
/// </summary>
public sealed record RunSettings(string OutDir, string Command, int Jobs = 1, string? DownloadBase = null);
