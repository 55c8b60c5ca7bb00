namespace SimCache.Caching.Core;

/// <summary>
/// Running totals of a cache, updated in place on every lookup (no allocation). The simulator keeps its own
/// windowed counts (it excludes warm-up); these serve tests, benchmarks and quick summaries.
/// </summary>
public sealed class CacheStats
{
    public long Requests { get; private set; }

    public long ExactHits { get; private set; }

    public long ApproximateHits { get; private set; }

    public long Misses { get; private set; }

    /// <summary>Keys inserted or re-keyed by admissions.</summary>
    public long Admissions { get; private set; }

    /// <summary>Keys that left by TTL expiry.</summary>
    public long Expirations { get; private set; }

    /// <summary>Retrievals from the server (misses plus background fetches).</summary>
    public long Fetches { get; private set; }

    /// <summary>Σ cost over requests: C_a on hits, C_r on misses.</summary>
    public double TotalCost { get; private set; }

    /// <summary>Σ distance over approximate hits.</summary>
    public double ApproximateDistance { get; private set; }

    public long Hits => ExactHits + ApproximateHits;

    public double HitRatio => Requests == 0 ? 0 : (double)Hits / Requests;

    internal void Record(in CacheOutcome o)
    {
        Requests++;
        switch (o.Kind)
        {
            case OutcomeKind.ExactHit: ExactHits++; break;
            case OutcomeKind.ApproximateHit: ApproximateHits++; ApproximateDistance += o.Distance; break;
            default: Misses++; break;
        }
        TotalCost += o.Cost;
        Fetches += o.Fetches;
    }

    internal void RecordAdmission() => Admissions++;

    internal void RecordExpirations(int n) => Expirations += n;

    public override string ToString() =>
        $"requests {Requests}: exact {ExactHits}, approximate {ApproximateHits}, misses {Misses}, cost {TotalCost:G6}";
}
