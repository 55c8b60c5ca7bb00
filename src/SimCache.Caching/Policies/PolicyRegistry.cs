using SimCache.Caching.Configuration;

namespace SimCache.Caching.Policies;

/// <summary>
/// Every policy by config name: one line each. Adding a policy is its file (with its <c>Info</c>) plus a line
/// here. Every cache spec also accepts <see cref="Common"/> parameters (the index and the cost model).
/// </summary>
public static class PolicyRegistry
{
    /// <summary>Parameters every cache spec accepts in addition to its policy's own.</summary>
    public static IReadOnlyList<ParameterInfo> Common { get; } =
    [
        new("index", "exact", "key index: exact or hnsw(ef=..., m=..., ...)"),
        new("cost", "power", "cost model: power(alpha=1, cr=1) or threshold(theta=..., cr=1)"),
    ];

    public static ComponentRegistry<Func<PolicySetup, CachePolicy>> Registry { get; } = new("cache", new[]
    {
        LruPolicy.Info,
        SimLruPolicy.Info,
        ClsLruPolicy.Info,
        RndLruPolicy.Info,
        QLruDcPolicy.Info,
        DuelPolicy.Info,
        KnnCachePolicy.Info,
        StaticGreedyPolicy.Info,
        GmmPlacementPolicy.Info,
    }.Select(WithCommon).ToArray());

    private static ComponentInfo<Func<PolicySetup, CachePolicy>> WithCommon(ComponentInfo<Func<PolicySetup, CachePolicy>> info) =>
        info with { Parameters = [.. info.Parameters, .. Common] };
}
