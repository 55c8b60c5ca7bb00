using SimCache.Numerics.Mixture;

namespace SimCache.Geometry.Report;

/// <summary>
/// What the geometry report analyses and how. Defaults: a 10,000-row sample (the seed report's ML-20M sample
/// size; 0 takes every row), 20 neighbours, GMM K = 1..20 (the built-in set plants 12 clusters; a K at the top of the range is a warning) with diagonal covariances on the leading principal
/// components that keep 90 % of the variance, 3 initialisations, a t-SNE map of 5,000 of the sampled points (0 skips
/// it; Barnes–Hut on 5,000 points takes well under a minute on 2 cores), and on request a UMAP map of the same points (15 neighbours). The mixture's space and covariance are
/// chosen so that a component costs few parameters: full covariances in all 200 dimensions cost 20,301 parameters
/// per component, more than a few thousand users can pay for, and BIC then picks one component whatever the data.
/// </summary>
public sealed record GeometryOptions
{
    public int Sample { get; init; } = 10_000;
    public long Seed { get; init; } = 42;
    public int GmmMax { get; init; } = 20;
    public CovarianceType GmmCovariance { get; init; } = CovarianceType.Diag;

    /// <summary>Where the mixtures are fitted: the leading principal components, or the embedding space itself.</summary>
    public MixtureSpace GmmSpace { get; init; } = MixtureSpace.Pca;

    /// <summary>With <see cref="MixtureSpace.Pca"/>: the share of the variance the kept components must reach.</summary>
    public double GmmVariance { get; init; } = 0.9;
    public int GmmInit { get; init; } = 3;
    public int Knn { get; init; } = 20;
    public int Tsne { get; init; } = 5_000;

    /// <summary>Also draw a UMAP map of the same points as the t-SNE map (<see cref="Tsne"/> of them), so the two compare point for point.</summary>
    public bool Umap { get; init; }

    /// <summary>UMAP's neighbourhood size, the point itself counted (the reference's n_neighbors).</summary>
    public int UmapNeighbors { get; init; } = 15;

    /// <summary>Worker threads (null: all cores); the outputs do not depend on it.</summary>
    public int? MaxThreads { get; init; }

    /// <summary>Largest UMAP neighbourhood accepted: the reference suggests 2–100; beyond a few hundred the graph stops being local.</summary>
    public const int MaxUmapNeighbors = 200;

    public void Validate()
    {
        if (Sample < 0) throw new Data.IO.UsageException($"--sample: must be 0 (all rows) or positive, got {Sample}");
        if (GmmMax < 1) throw new Data.IO.UsageException($"--gmm-max: must be at least 1, got {GmmMax}");
        if (GmmInit < 1) throw new Data.IO.UsageException($"--gmm-init: must be at least 1, got {GmmInit}");
        if (Knn < 3) throw new Data.IO.UsageException($"--knn: must be at least 3 (Levina–Bickel needs k ≥ 3), got {Knn}");
        if (Tsne < 0) throw new Data.IO.UsageException($"--tsne: must be 0 (no map) or positive, got {Tsne}");
        if (UmapNeighbors < 2 || UmapNeighbors > MaxUmapNeighbors)
            throw new Data.IO.UsageException($"--umap-neighbors: must be in [2, {MaxUmapNeighbors}] (the point itself counted), got {UmapNeighbors}");
        if (Umap && Tsne == 0)
            throw new Data.IO.UsageException("--umap: the UMAP map is drawn on the t-SNE map's points, and --tsne is 0 (no map points); give --tsne a positive number of points");
        if (!(GmmVariance > 0 && GmmVariance <= 1))
            throw new Data.IO.UsageException($"--gmm-variance: must be in (0, 1] (the share of the variance the principal components keep), got {GmmVariance}");
        if (!Enum.IsDefined(GmmCovariance))
            throw new Data.IO.UsageException("--gmm-cov: must be diag, full, tied or spherical");
    }
}
