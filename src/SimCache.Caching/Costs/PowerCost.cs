namespace SimCache.Caching.Costs;

/// <summary>
/// C_a(d) = d^α, the default of docs/METHODS.md §3.1 (α = 1: cost proportional to distance). α &gt; 0 keeps h
/// increasing with h(0) = 0.
/// </summary>
public sealed class PowerCost : CostModel
{
    public PowerCost(double alpha, double retrieval, string description)
        : base(retrieval, description)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be positive");
        Alpha = alpha;
        CoverageRadius = Math.Pow(retrieval, 1 / alpha);
    }

    public double Alpha { get; }

    public override double CoverageRadius { get; }

    public override double Approximation(double distance) => Alpha == 1 ? distance : Math.Pow(distance, Alpha);
}
