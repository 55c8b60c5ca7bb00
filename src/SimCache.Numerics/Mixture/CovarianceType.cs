namespace SimCache.Numerics.Mixture;

/// <summary>
/// scikit-learn's four covariance structures of a Gaussian mixture. They differ in how many free parameters a
/// component costs, which is what BIC trades against the likelihood.
/// </summary>
public enum CovarianceType
{
    /// <summary>Each component has its own full d × d covariance.</summary>
    Full,

    /// <summary>Each component has its own diagonal covariance (d variances).</summary>
    Diag,

    /// <summary>All components share one full covariance.</summary>
    Tied,

    /// <summary>Each component has one variance for all directions.</summary>
    Spherical,
}
