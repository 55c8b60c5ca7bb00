namespace SimCache.Experiments.Running;

/// <summary>How to run an experiment: the output folder (the experiment writes OUT/NAME/…, shared files OUT/results.db, OUT/index.html), the command line for provenance, and the sweep's parallelism.</summary>
public sealed record RunSettings(string OutDir, string Command, int Jobs = 1);
