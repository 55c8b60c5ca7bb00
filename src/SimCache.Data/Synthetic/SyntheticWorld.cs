namespace SimCache.Data.Synthetic;

/// <summary>
/// The shared, read-only part of a synthetic data set: item popularity, item quality and each cluster's item
/// affinities with the alias tables drawn from them. Built once from the seed (its own RNG stream) so that every
/// user, generated on any thread, sees the same world.
/// </summary>
internal sealed class SyntheticWorld
{
    private const ulong WorldStream = 1;

    public SyntheticWorld(SyntheticOptions o)
    {
        Items = o.Items;
        Clusters = o.Clusters;
        var rng = new SynthRandom(o.Seed, WorldStream, 0);

        // Popularity: weight ∝ rank^-s with ranks shuffled over item ids (Fisher–Yates), so ids carry no popularity signal.
        var rank = new int[Items];
        for (int i = 0; i < Items; i++) rank[i] = i;
        for (int i = Items - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (rank[i], rank[j]) = (rank[j], rank[i]);
        }
        Popularity = new double[Items];
        for (int i = 0; i < Items; i++) Popularity[i] = Math.Pow(rank[i] + 1, -o.ZipfExponent);
        PopularityRank = rank;

        Quality = new double[Items];
        for (int i = 0; i < Items; i++) Quality[i] = o.ItemQualitySd * rng.NextGaussian();

        // Cluster tilt: standardised affinity z(c,i) ~ N(0, 1); cluster c draws items ∝ popularity · exp(A · z(c,i)).
        Affinity = new float[Clusters * Items];
        for (int k = 0; k < Affinity.Length; k++) Affinity[k] = (float)rng.NextGaussian();

        Global = new AliasTable(Popularity);
        ClusterTables = new AliasTable[Clusters];
        var w = new double[Items];
        for (int c = 0; c < Clusters; c++)
        {
            for (int i = 0; i < Items; i++) w[i] = Popularity[i] * Math.Exp(o.ClusterAffinity * Affinity[c * Items + i]);
            ClusterTables[c] = new AliasTable(w);
        }
    }

    public int Items { get; }
    public int Clusters { get; }

    /// <summary>Base popularity weight per item (0-based item index).</summary>
    public double[] Popularity { get; }

    /// <summary>0-based popularity rank of each item.</summary>
    public int[] PopularityRank { get; }

    /// <summary>Additive item quality in stars.</summary>
    public double[] Quality { get; }

    /// <summary>Standardised affinity z of cluster c to item i at [c · Items + i] (the draw tilt is exp(A · z)).</summary>
    public float[] Affinity { get; }

    public AliasTable Global { get; }
    public AliasTable[] ClusterTables { get; }
}
