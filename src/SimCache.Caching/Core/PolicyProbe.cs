namespace SimCache.Caching.Core;

/// <summary>
/// How far a policy is built when a cache is only being checked. A sweep checks every point before it runs
/// any, and it cannot afford to build them (a key store of a large capacity, a k-NN catalogue index), so a
/// check builds the policy only up to where its refusals happen and stops there.
/// </summary>
internal enum PolicyProbe
{
    /// <summary>A real build.</summary>
    None,

    /// <summary>The parameter values only, before the trace, decoder and mixture are known: stops when the policy's constructor starts.</summary>
    Values,

    /// <summary>The values against the real inputs (dimension, decoder, mixture) and the memory of the key store: stops before anything large is allocated.</summary>
    Inputs,
}
