namespace SimCache.Caching.Costs;

/// <summary>
/// The 0/1 cost: an answer within θ is as good as the request's own (C_a = 0), anything farther costs 1. With
/// C_r = 1 a far key is no better than a retrieval, so cost-driven policies behave like threshold policies; the
/// boundary is inclusive (d ≤ θ costs 0), like every threshold in the cache stage.
/// </summary>
public sealed class ThresholdCost : CostModel
{
    public ThresholdCost(double theta, double retrieval, string description)
        : base(retrieval, description)
    {
        if (!(theta >= 0) || !double.IsFinite(theta)) throw new ArgumentOutOfRangeException(nameof(theta), theta, "theta must be ≥ 0");
        Theta = theta;
    }

    public double Theta { get; }

    public override double CoverageRadius => Retrieval > 1 ? double.PositiveInfinity : Theta;

    public override double Approximation(double distance) => distance <= Theta ? 0 : 1;
}
