using SimCache.Experiments.Config;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// Expands a sweep section into its points, in a fixed order: cache entries as written; within an entry the
/// cartesian product of its parameters in canonical (name) order, the first name varying slowest and each
/// parameter's values in the order written; within that, the simulator options the same way.
/// </summary>
public static class SweepPlan
{
    public static IReadOnlyList<SweepPoint> Expand(SweepSpec sweep)
    {
        var points = new List<SweepPoint>();
        foreach (var cache in sweep.Caches)
        {
            var simulatorCombos = Product(cache.Simulator.Options);
            foreach (var parameters in Product(cache.Parameters))
            {
                var cacheString = SweepPoint.CacheString(cache.Policy, parameters);
                var sources = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in parameters)
                    if (cache.Parameters.First(g => g.Name == name).SourceOf(value) is { } at) sources[name] = at;
                foreach (var simulator in simulatorCombos)
                {
                    var optionSources = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (name, value) in simulator)
                        if (cache.Simulator.Options.First(g => g.Name == name).SourceOf(value) is { } at) optionSources[name] = at;
                    points.Add(new SweepPoint(points.Count, SweepPoint.KeyOf(cacheString, simulator), cache.Policy, cacheString, parameters, simulator, cache.Source)
                    {
                        File = sweep.File, ValueSources = sources, OptionSources = optionSources,
                    });
                }
            }
        }
        return points;
    }

    /// <summary>Every combination of the dimensions' values, the first dimension varying slowest.</summary>
    public static IReadOnlyList<KeyValuePair<string, ParamValue>[]> Product(IReadOnlyList<GridParameter> dimensions)
    {
        var result = new List<KeyValuePair<string, ParamValue>[]> { Array.Empty<KeyValuePair<string, ParamValue>>() };
        foreach (var d in dimensions)
        {
            var next = new List<KeyValuePair<string, ParamValue>[]>(result.Count * d.Values.Count);
            foreach (var prefix in result)
                foreach (var v in d.Values)
                    next.Add([.. prefix, new KeyValuePair<string, ParamValue>(d.Name, v)]);
            result = next;
        }
        return result;
    }
}
