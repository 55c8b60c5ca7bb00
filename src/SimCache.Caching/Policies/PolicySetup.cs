using SimCache.Caching.Answers;
using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Costs;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Policies;

/// <summary>
/// Everything a policy constructor receives: its checked arguments, the context, the cost model, the chosen
/// index (as a builder for a <see cref="KeyStore"/> and as the spec, for policies that index something other
/// than keys), the decoder scorer if there is a decoder, and the seed.
/// </summary>
public sealed class PolicySetup
{
    public required SpecArguments Args { get; init; }

    public required CacheContext Context { get; init; }

    public required CostModel Cost { get; init; }

    public required Spec IndexSpec { get; init; }

    public required Func<KeyStore, KeyIndex> Index { get; init; }

    public DecoderScorer? Decoder { get; init; }

    /// <summary>How far the policy is to be built (a check stops before anything large is allocated).</summary>
    internal PolicyProbe Probe { get; init; }

    /// <summary>
    /// A key store of <paramref name="slots"/> keys in the context's space, indexed unless told otherwise. A
    /// store that cannot fit in memory is refused with the memory it would need (<see cref="KeyStore.CheckFits"/>)
    /// rather than failing in the allocation; under a check this is where the policy's build stops.
    /// </summary>
    public KeyStore CreateStore(long slots, bool indexed = true)
    {
        KeyStore.CheckFits($"cache '{Args.Spec.Name}': its capacity", slots, Context.Dimension, Context.AnswerLength);
        EndProbe();
        return new(Context.Dimension, Context.Metric, (int)slots, indexed ? Index : null, Context.AnswerLength, Decoder, Context.Ttl);
    }

    /// <summary>Ends a check here: a policy that allocates without a key store calls this once its own refusals are done.</summary>
    public void EndProbe()
    {
        if (Probe != PolicyProbe.None) throw new PolicyProbeStop();
    }

    /// <summary>The seed: the spec's <c>seed=</c> if given, else the context's.</summary>
    public int ReadSeed() => Args.Has("seed") ? Args.Int("seed") : RecordSeed();

    private int RecordSeed()
    {
        Args.RecordNested("seed", Context.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Context.Seed;
    }
}
