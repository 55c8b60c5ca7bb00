namespace SimCache.Caching.Tests.Oracles;

/// <summary>
/// What an oracle or a replay counted, plus how close the oracle's decisions came to flipping: the smallest
/// |d − θ| over threshold comparisons and the smallest gap between the nearest and second-nearest key. The
/// oracle computes in double and the cache in float, so a decision within rounding of a boundary could
/// legitimately differ; the golden tests assert that none is.
/// </summary>
public sealed record Counts(int Exact, int Approximate, int Misses)
{
    public int Hits => Exact + Approximate;

    public override string ToString() => $"({Exact}, {Approximate}, {Misses})";
}
