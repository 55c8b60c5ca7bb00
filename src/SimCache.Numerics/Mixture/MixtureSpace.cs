namespace SimCache.Numerics.Mixture;

/// <summary>
/// Where the geometry report fits its mixtures. The number of points per component is what decides whether a
/// mixture's BIC curve says anything: in the full embedding space a component's covariance alone costs d(d+1)/2
/// (full) or d (diag) parameters, which a few thousand users cannot pay for, so BIC stops at one component.
/// </summary>
public enum MixtureSpace
{
    /// <summary>The leading principal components that keep a chosen share of the variance (the default).</summary>
    Pca,

    /// <summary>The embedding space as it is, every dimension.</summary>
    Embedding,
}
