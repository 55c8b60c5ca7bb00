namespace SimCache.Numerics.Mixture;

/// <summary>
/// A gmm.json as loaded: the mixture, and the map from the embedding space into the space it was fitted in (null
/// when it was fitted on the embeddings themselves, as every gmm.json written before projections were stored was).
/// </summary>
public sealed record StoredMixture(GaussianMixtureModel Model, MixtureProjection? Projection)
{
    /// <summary>The dimension of the embeddings the mixture describes (the dimension requests must have).</summary>
    public int EmbeddingDimension => Projection?.EmbeddingDimension ?? Model.Dimension;
}
