namespace SimCache.Experiments.Config;

/// <summary>
/// <c>geometry</c>: the analysis of the embedding space (the options of <c>simcache geometry</c>, docs/METHODS.md
/// §2): a sample of the embeddings (null = all), k-NN size, Gaussian mixtures for K = 1..<see cref="GmmMax"/>
/// with <see cref="GmmCov"/> covariances and <see cref="GmmInit"/> initialisations, fitted in <see cref="GmmSpace"/>
/// (by default the leading principal components that keep <see cref="GmmVariance"/> of the variance, where a
/// component costs few enough parameters for BIC to see clusters), and optionally a t-SNE map with a UMAP map of the same points beside it.
/// </summary>
public sealed record GeometrySpec
{
    public static IReadOnlyList<string> CovarianceTypes { get; } = ["diag", "full", "tied", "spherical"];

    public static IReadOnlyList<string> Spaces { get; } = ["pca", "embedding"];

    public int? Sample { get; init; }
    public long Seed { get; init; } = 42;
    public int GmmMax { get; init; } = 20;
    public string GmmCov { get; init; } = "diag";
    public string GmmSpace { get; init; } = "pca";
    public double GmmVariance { get; init; } = 0.9;
    public int GmmInit { get; init; } = 3;
    public int Knn { get; init; } = 20;
    public bool Tsne { get; init; }

    /// <summary>A UMAP map of the same points beside the t-SNE map (needs <see cref="Tsne"/>).</summary>
    public bool Umap { get; init; }

    /// <summary>UMAP's neighbourhood size, the point itself counted.</summary>
    public int UmapNeighbors { get; init; } = 15;
}
