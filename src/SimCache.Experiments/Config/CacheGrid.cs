namespace SimCache.Experiments.Config;

/// <summary>
/// One entry of <c>sweep.caches</c>: a policy name and its parameter grid, e.g.
/// <c>{"policy": "sim-lru", "capacity": [100, 1000], "threshold": {"from": 0.2, "to": 2, "steps": 10}}</c>.
/// Parameters are kept in canonical order (by name, ordinal) so that the cache strings it expands into,
/// <c>sim-lru(capacity=100,threshold=0.2)</c>, do not depend on how the file was written. An entry may also
/// carry a <c>"simulator"</c> object that overrides the sweep's simulator options for its points only.
/// </summary>
/// <param name="Policy">The policy name, e.g. <c>sim-lru</c>.</param>
/// <param name="Parameters">The parameter grid, by name.</param>
/// <param name="Source">The JSON path of the entry (<c>experiments[0].sweep.caches[1]</c>), for error messages.</param>
public sealed record CacheGrid(string Policy, IReadOnlyList<GridParameter> Parameters, string Source)
{
    /// <summary>The simulator options this cache runs with: the sweep's, overridden by the entry's own <c>"simulator"</c> object (e.g. an hnsw index for knn-cache only).</summary>
    public SimulatorGrid Simulator { get; init; } = SimulatorGrid.Default;
}
