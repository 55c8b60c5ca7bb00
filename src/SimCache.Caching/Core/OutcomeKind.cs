namespace SimCache.Caching.Core;

/// <summary>How a request was answered (docs/METHODS.md §3.1: an exact hit is d = 0, an approximate hit serves some key at d &gt; 0).</summary>
public enum OutcomeKind : byte
{
    /// <summary>Retrieved from the server.</summary>
    Miss,

    /// <summary>Served by a key at distance 0.</summary>
    ExactHit,

    /// <summary>Served by a key at distance &gt; 0.</summary>
    ApproximateHit,
}
