namespace SimCache.Caching.Costs;

/// <summary>
/// What an answer costs (docs/METHODS.md §3.1): serving a request x with the answer of a key at distance d costs
/// the approximation cost C_a(d) = h(d), h increasing with h(0) = 0; not serving from the cache costs the
/// retrieval cost C_r. Policies that weigh a hit against a retrieval (RND-LRU, qLRU-ΔC, DUEL) and the
/// simulator's cost accounting read the same model, so a cost experiment changes one string.
/// </summary>
public abstract class CostModel
{
    protected CostModel(double retrieval, string description)
    {
        if (!(retrieval > 0) || !double.IsFinite(retrieval)) throw new ArgumentOutOfRangeException(nameof(retrieval), retrieval, "C_r must be positive and finite");
        Retrieval = retrieval;
        Description = description;
    }

    /// <summary>C_r, the cost of a retrieval (a miss).</summary>
    public double Retrieval { get; }

    /// <summary>
    /// True when C_r was not given but derived from the trace's distance scale (see <see cref="CostModels.Create(Configuration.Spec, Func{double}?)"/>);
    /// results record it as "derived", a given one as "given".
    /// </summary>
    public bool RetrievalDerived { get; internal set; }

    /// <summary>"derived" or "given": how C_r was chosen, as summary.json and results record it.</summary>
    public string RetrievalSource => RetrievalDerived ? "derived" : "given";

    /// <summary>The canonical spec, e.g. <c>power(alpha=1, cr=1)</c>.</summary>
    public string Description { get; }

    /// <summary>C_a(d) for a distance d ≥ 0.</summary>
    public abstract double Approximation(double distance);

    /// <summary>
    /// The supremum of distances whose approximation is cheaper than a retrieval (C_a(d) &lt; C_r); +∞ if every
    /// distance is. Used as the default interference radius of DUEL.
    /// </summary>
    public abstract double CoverageRadius { get; }

    /// <summary>min(C_r, C_a(d)): what a request costs when served by the cheaper of a key at distance d and the server.</summary>
    public double Best(double distance) => Math.Min(Retrieval, Approximation(distance));

    public override string ToString() => Description;
}
