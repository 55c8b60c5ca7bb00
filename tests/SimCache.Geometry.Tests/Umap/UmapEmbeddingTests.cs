using SimCache.Geometry.Tsne;
using SimCache.Geometry.Umap;
using SimCache.Numerics.Synthetic;
using Xunit;

namespace SimCache.Geometry.Tests.Umap;

public class UmapEmbeddingTests
{
    /// <summary>Gaussian blobs: unit noise in 20 dimensions around centres 12 apart along distinct axes.</summary>
    private static (float[] X, int[] Labels) Blobs(int perCluster, int clusters, int d, int seed)
    {
        var rnd = new Random(seed);
        int n = perCluster * clusters;
        var x = new float[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % clusters;
            for (int l = 0; l < d; l++) x[i * d + l] = (float)(StandardNormal.Next(rnd) + (l == labels[i] ? 12 : 0));
        }
        return (x, labels);
    }

    /// <summary>The share of each point's k nearest map neighbours that carry its label.</summary>
    internal static double KnnLabelAgreement(double[] map, int[] labels, int k)
    {
        int n = labels.Length;
        double agree = 0;
        var d2 = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dx = map[2 * i] - map[2 * j], dy = map[2 * i + 1] - map[2 * j + 1];
                d2[j] = j == i ? double.PositiveInfinity : dx * dx + dy * dy;
                order[j] = j;
            }
            Array.Sort((double[])d2.Clone(), order);
            for (int c = 0; c < k; c++) if (labels[order[c]] == labels[i]) agree++;
        }
        return agree / ((double)n * k);
    }

    private const double AgreementBound = 0.95, TrustBound = 0.90;

    [Fact]
    public void SeparatesGaussianBlobsAndARandomLayoutDoesNot()
    {
        int d = 20;
        var (x, labels) = Blobs(80, 5, d, 3);
        int n = labels.Length;
        var u = UmapEmbedding.Embed(x, n, d, options: new UmapOptions { Seed = 7, MaxThreads = 1 });
        var xd = x.Select(v => (double)v).ToArray();
        double agreement = KnnLabelAgreement(u.Embedding, labels, 10);
        double trust = Trustworthiness.Compute(xd, d, u.Embedding, 2, n, 10, 1).Trustworthiness;
        Assert.True(agreement >= AgreementBound, $"10-NN label agreement {agreement}");
        Assert.True(trust >= TrustBound, $"T(10) {trust}");
        Assert.Equal(500, u.Epochs);
        Assert.Equal(15, u.Neighbors);
        Assert.Equal("pca", u.Initialisation);

        // The same bounds on a random layout of the same points fail: the test can tell a map from noise.
        var rnd = new Random(11);
        var random = Enumerable.Range(0, 2 * n).Select(_ => rnd.NextDouble()).ToArray();
        Assert.True(KnnLabelAgreement(random, labels, 10) < AgreementBound);
        Assert.True(Trustworthiness.Compute(xd, d, random, 2, n, 10, 1).Trustworthiness < TrustBound);
    }

    [Fact]
    public void SameSeedGivesTheSameBytesOnAnyThreadCountAndAnotherSeedDoesNot()
    {
        int d = 10;
        var (x, _) = Blobs(50, 3, d, 5);
        int n = 150;
        var options = new UmapOptions { Seed = 1, Epochs = 100, MaxThreads = 1 };
        var a = UmapEmbedding.Embed(x, n, d, options: options);
        var b = UmapEmbedding.Embed(x, n, d, options: options with { MaxThreads = 2 });
        var c = UmapEmbedding.Embed(x, n, d, options: options with { Seed = 2 });
        byte[] Bytes(double[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(Bytes(a.Embedding), Bytes(b.Embedding));
        Assert.NotEqual(Bytes(a.Embedding), Bytes(c.Embedding));
    }

    [Fact]
    public void TheGivenNeighbourGraphGivesTheSameMapAsItsOwnSearch()
    {
        int d = 10;
        var (x, _) = Blobs(40, 3, d, 8);
        int n = 120;
        var options = new UmapOptions { Seed = 3, Epochs = 50, MaxThreads = 1 };
        var own = UmapEmbedding.Embed(x, n, d, options: options);
        var deeper = SimCache.Geometry.Neighbors.ExactKnn.Compute(x, n, d, 40, maxThreads: 1);
        var shared = UmapEmbedding.Embed(x, n, d, deeper, options);
        Assert.Equal(own.Embedding, shared.Embedding);
        Assert.Throws<ArgumentException>(() => { UmapEmbedding.Embed(x, n, d, deeper.Prefix(5), options); });
    }

    [Fact]
    public void EpochsFollowTheReferenceRule()
    {
        Assert.Equal(500, new UmapOptions().EpochsFor(10_000));
        Assert.Equal(200, new UmapOptions().EpochsFor(10_001));
        Assert.Equal(33, new UmapOptions { Epochs = 33 }.EpochsFor(50_000));
    }
}
