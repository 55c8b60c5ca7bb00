using SimCache.Numerics.Mixture;

namespace SimCache.Geometry.Mixture;

/// <summary>
/// How <see cref="MixtureSearch"/> looks for the number of components: K = 1..<see cref="MaxComponents"/>, each fitted
/// with <see cref="Covariance"/> covariances in <see cref="Space"/> (the principal components keeping
/// <see cref="Variance"/> of the variance, or the embedding space), all on the same points so that their BIC values
/// compare.
/// </summary>
public sealed record MixtureSearchOptions
{
    public int MaxComponents { get; init; } = 20;
    public CovarianceType Covariance { get; init; } = CovarianceType.Diag;
    public MixtureSpace Space { get; init; } = MixtureSpace.Pca;
    public double Variance { get; init; } = 0.9;
    public int NInit { get; init; } = 3;
    public long Seed { get; init; }

    /// <summary>
    /// The points are made to have one component (a reference cloud): K = 1 is then the expected answer, not a
    /// warning.
    /// </summary>
    public bool ExpectSingleComponent { get; init; }

    /// <summary>Worker threads (null: all cores); the result does not depend on it.</summary>
    public int? MaxThreads { get; init; }
}
