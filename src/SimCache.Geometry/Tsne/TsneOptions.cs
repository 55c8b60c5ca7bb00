namespace SimCache.Geometry.Tsne;

/// <summary>
/// t-SNE settings; the defaults are docs/METHODS.md §2.4 and scikit-learn's: perplexity 30, early exaggeration 12 for
/// the first 250 iterations (momentum 0.5, then 0.8), 1000 iterations in all, PCA initialisation scaled to a
/// standard deviation of 1e-4, learning rate "auto" = max(n / exaggeration / 4, 50), Barnes–Hut θ = 0.5.
/// </summary>
public sealed record TsneOptions
{
    public double Perplexity { get; init; } = 30;
    public double EarlyExaggeration { get; init; } = 12;
    public int ExaggerationIterations { get; init; } = 250;
    public int MaxIter { get; init; } = 1000;
    public double Theta { get; init; } = 0.5;

    /// <summary>null: scikit-learn's "auto".</summary>
    public double? LearningRate { get; init; }

    public double MinGradNorm { get; init; } = 1e-7;
    public int IterationsWithoutProgress { get; init; } = 300;

    /// <summary>Worker threads (null: all cores); the result does not depend on it.</summary>
    public int? MaxThreads { get; init; }
}
