namespace SimCache.Experiments.Sweep;

/// <summary>What a sweep did: runs in the plan, those found already done, those run now, stale rows removed, and its files.</summary>
public sealed record SweepOutcome(int Runs, int AlreadyDone, int Ran, int RemovedStale, string Database, string Csv);
