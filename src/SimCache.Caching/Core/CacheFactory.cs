using SimCache.Caching.Answers;
using SimCache.Caching.Configuration;
using SimCache.Caching.Costs;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Caching.Policies;
using SimCache.Data.IO;

namespace SimCache.Caching.Core;

/// <summary>
/// Builds a <see cref="SimilarityCache"/> from its spec, e.g.
/// <c>sim-lru(capacity=1000, threshold=0.8, index=hnsw(ef=128), cost=power(alpha=2))</c>: the policy by name
/// from <see cref="PolicyRegistry"/>, its index from <see cref="KeyIndexes"/>, its cost model from
/// <see cref="CostModels"/>. Any unknown name or parameter is a <see cref="UsageException"/> listing the valid
/// ones; a bad value names the parameter.
/// </summary>
public static class CacheFactory
{
    /// <summary>
    /// Builds the cache <paramref name="spec"/> names for <paramref name="context"/>; <paramref name="indexOverride"/>,
    /// if given, replaces the spec's own index (e.g. a <c>--index</c> option).
    /// </summary>
    public static SimilarityCache Create(string spec, CacheContext context, string? indexOverride = null) =>
        Build(spec, context, indexOverride, PolicyProbe.None)!;

    /// <summary>
    /// Checks what can be checked without a trace: the policy name, its parameter names, that every required
    /// parameter is given, the index, the cost model and every value the policy reads before it is built
    /// (<c>capacity=0</c>, <c>threshold=NaN</c>, <c>q=2</c>). A refusal is a <see cref="UsageException"/> naming the
    /// parameter. Lets a sweep refuse a typo before hours of work; what depends on the inputs is
    /// <see cref="Check(string, CacheContext, string?)"/>'s.
    /// </summary>
    public static void Check(string spec, string? indexOverride = null)
    {
        Resolve(spec, indexOverride, null, 0).Args.RequireDeclared();
        Build(spec, new CacheContext { Dimension = 1 }, indexOverride, PolicyProbe.Values);
    }

    /// <summary>
    /// Checks the cache <paramref name="spec"/> against the inputs it would be built for, without building it: the
    /// decoder's dimension, inputs a policy needs (knn-cache's decoder, gmm-placement's mixture and decoder), values
    /// bounded by the inputs (knn-cache's capacity below the catalogue), and that the key store fits in memory
    /// (<see cref="KeyStore.CheckFits"/>). A refusal is a <see cref="UsageException"/>; nothing large is allocated.
    /// </summary>
    public static void Check(string spec, CacheContext context, string? indexOverride = null) =>
        Build(spec, context, indexOverride, PolicyProbe.Inputs);

    private static SimilarityCache? Build(string spec, CacheContext context, string? indexOverride, PolicyProbe probe)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Dimension < 1) throw new UsageException($"cache dimension must be ≥ 1, got {context.Dimension}");
        if (context.AnswerLength < 0) throw new UsageException($"answer length must be ≥ 0, got {context.AnswerLength}");
        if (!(context.Ttl > 0)) throw new UsageException($"ttl must be positive, got {context.Ttl}");
        var (info, args, indexSpec, index, indexDescription, cost) = Resolve(spec, indexOverride, context.DerivedRetrievalCost, context.ResolveThreads(0));
        if (context.Decoder is { } dec && dec.InputDimension != context.Dimension)
            throw new UsageException($"the decoder's latent size {dec.InputDimension} differs from the trace dimension {context.Dimension}");
        var setup = new PolicySetup
        {
            Args = args,
            Context = context,
            Cost = cost,
            IndexSpec = indexSpec,
            Index = index,
            Decoder = context.Decoder is null ? null : new DecoderScorer(context.Decoder),
            Probe = probe,
        };
        CachePolicy policy;
        try
        {
            policy = info.Create(setup);
        }
        catch (PolicyProbeStop) when (probe != PolicyProbe.None)
        {
            return null;
        }
        catch (ArgumentException e) when (probe != PolicyProbe.None)
        {
            throw new UsageException($"cache '{args.Spec.Name}': {e.Message}");
        }
        if (probe != PolicyProbe.None)
        {
            policy.Dispose(); // a policy whose build has no stop point is built in full and let go
            return null;
        }
        return new SimilarityCache(policy, args.Canonical(), indexDescription, context.Metric, context.Dimension);
    }

    /// <summary>The policy, its arguments, the index (the override's if given) and the cost model a spec names, each recorded in the arguments.</summary>
    private static (ComponentInfo<Func<PolicySetup, CachePolicy>> Info, SpecArguments Args, Spec IndexSpec, Func<KeyStore, KeyIndex> Index, string IndexDescription, CostModel Cost)
        Resolve(string spec, string? indexOverride, Func<double>? derivedRetrieval, int threads)
    {
        var (info, args) = PolicyRegistry.Registry.Resolve(Spec.Parse(spec, "cache"));
        var indexSpec = indexOverride is null ? args.NestedSpec("index") : Spec.Parse(indexOverride, "index");
        var (index, indexDescription) = KeyIndexes.Resolve(indexSpec, threads);
        args.RecordNested("index", indexDescription);
        var cost = CostModels.Create(args.NestedSpec("cost"), derivedRetrieval);
        args.RecordNested("cost", cost.Description);
        return (info, args, indexSpec, index, indexDescription, cost);
    }

    /// <summary>One usage line per policy, for help texts.</summary>
    public static IEnumerable<string> Usage() => PolicyRegistry.Registry.Entries.Select(e => $"{e.Usage}: {e.Help}");
}
