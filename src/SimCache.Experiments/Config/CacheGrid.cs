namespace SimCache.Experiments.Config;

/// <summary>
/// One entry of <c>sweep.caches</c>: a policy name and its parameter grid, e.g.
/// <c>{"policy": "sim-lru", "capacity": [100, 1000], "threshold": {"from": 0.2, "to": 2, "steps": 10}}</c>.
/// Parameters are kept in canonical order (by name, ordinal) so that the cache strings it expands into,
/// <c>sim-lru(capacity=100,threshold=0.2)</c>, do not depend on how the file was written.
/// </summary>
/// <param name="Policy">The policy name, e.g. <c>sim-lru</c>.</param>
/// <param name="Parameters">The parameter grid, by name.</param>
/// <param name="Source">The JSON path of the entry (<c>experiments[0].sweep.caches[1]</c>), for error messages.</param>
public sealed record CacheGrid(string Policy, IReadOnlyList<GridParameter> Parameters, string Source);
