namespace SimCache.Experiments.Config;

/// <summary>
/// <c>sweep</c>: caches × parameter grids × simulator options × seeds. Every combination is a point; every
/// point runs once per seed and becomes one row of results.db. <see cref="Simulator"/> holds the sweep-level
/// options; each <see cref="CacheGrid.Simulator"/> has them with the entry's own overrides applied.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<CacheGrid> Caches, IReadOnlyList<long> Seeds, SimulatorGrid Simulator, string Source)
{
    /// <summary>The experiments file the section was read from, for messages that name a value's JSON path; null when built in code.</summary>
    public string? File { get; init; }
}
