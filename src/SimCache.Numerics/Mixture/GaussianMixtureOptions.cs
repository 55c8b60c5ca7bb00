namespace SimCache.Numerics.Mixture;

/// <summary>
/// How to fit a mixture; the defaults are scikit-learn's GaussianMixture defaults (k-means initialisation,
/// reg_covar 1e-6, tol 1e-3 on the change of the mean log-likelihood, max_iter 100, n_init 1).
/// </summary>
public sealed record GaussianMixtureOptions
{
    public int Components { get; init; } = 1;
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;
    public double RegCovar { get; init; } = 1e-6;
    public double Tol { get; init; } = 1e-3;
    public int MaxIter { get; init; } = 100;
    public int NInit { get; init; } = 1;
    public long Seed { get; init; }

    /// <summary>Worker threads (null: all cores); the result does not depend on it.</summary>
    public int? MaxThreads { get; init; }

    internal void Validate(int n)
    {
        if (Components < 1) throw new ArgumentOutOfRangeException(nameof(Components), Components, "at least one component");
        if (Components > n) throw new ArgumentException($"{Components} components need at least as many points; there are {n}", nameof(Components));
        if (n < 2) throw new ArgumentException("a mixture needs at least 2 points", nameof(n));
        if (!(RegCovar >= 0) || !double.IsFinite(RegCovar)) throw new ArgumentOutOfRangeException(nameof(RegCovar), RegCovar, "must be a finite non-negative number");
        if (!(Tol >= 0) || !double.IsFinite(Tol)) throw new ArgumentOutOfRangeException(nameof(Tol), Tol, "must be a finite non-negative number");
        if (MaxIter < 1) throw new ArgumentOutOfRangeException(nameof(MaxIter), MaxIter, "at least one iteration");
        if (NInit < 1) throw new ArgumentOutOfRangeException(nameof(NInit), NInit, "at least one initialisation");
    }
}
