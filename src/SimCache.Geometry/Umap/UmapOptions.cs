namespace SimCache.Geometry.Umap;

/// <summary>
/// UMAP settings; the defaults are those of the reference implementation (umap-learn, McInnes, Healy &amp; Melville
/// 2018): 15 neighbours (the point itself counted, as the reference does), min_dist 0.1, spread 1.0, 5 negative
/// samples per positive one, learning rate 1 decaying linearly to 0, repulsion strength 1, and 500 epochs for
/// at most 10,000 points, 200 above (null: that rule).
/// </summary>
public sealed record UmapOptions
{
    /// <summary>The reference's defaults.</summary>
    public static UmapOptions Default { get; } = new();

    /// <summary>Size of the local neighbourhood, counting the point itself (umap-learn's n_neighbors).</summary>
    public int Neighbors { get; init; } = 15;
    public double MinDist { get; init; } = 0.1;
    public double Spread { get; init; } = 1.0;

    /// <summary>null: 500 for at most 10,000 points, else 200 (the reference's rule).</summary>
    public int? Epochs { get; init; }
    public int NegativeSampleRate { get; init; } = 5;
    public double LearningRate { get; init; } = 1.0;
    public double RepulsionStrength { get; init; } = 1.0;
    public long Seed { get; init; } = 42;

    /// <summary>Worker threads for the parts that run in parallel (the neighbour search when it is not given); the map does not depend on it.</summary>
    public int? MaxThreads { get; init; }

    /// <summary>The reference's epoch rule for <paramref name="points"/> points.</summary>
    public int EpochsFor(int points) => Epochs ?? (points <= 10_000 ? 500 : 200);
}
