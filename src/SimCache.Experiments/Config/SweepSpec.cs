namespace SimCache.Experiments.Config;

/// <summary>
/// <c>sweep</c>: caches × parameter grids × simulator options × seeds. Every combination is a point; every
/// point runs once per seed and becomes one row of results.db.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<CacheGrid> Caches, IReadOnlyList<long> Seeds, SimulatorGrid Simulator, string Source);
