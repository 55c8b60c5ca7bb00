namespace SimCache.Caching.Core;

/// <summary>
/// What the policy wants done with the request's own answer once it has been retrieved, applied by
/// <see cref="SimilarityCache.Admit(in CacheRequest, in CacheOutcome, double)"/>: at once with zero latency, or
/// when the retrieval completes.
/// </summary>
public enum AdmissionKind : byte
{
    /// <summary>Nothing to insert.</summary>
    None,

    /// <summary>Insert the request as a new key (evicting if the policy must).</summary>
    Insert,

    /// <summary>Move an existing key to the request (CLS-LRU): <see cref="CacheOutcome.Slot"/> takes the request's vector and answer.</summary>
    Rekey,
}
