using SimCache.Numerics.Synthetic;
using SimCache.Geometry.Tsne;
using Xunit;

namespace SimCache.Geometry.Tests.Tsne;

public class TsneTests
{
    [Fact]
    public void TrustworthinessOfTheIdentityMapIsOne()
    {
        var rnd = new Random(2);
        var x = Enumerable.Range(0, 120 * 6).Select(_ => rnd.NextDouble()).ToArray();
        var (t, kept) = Trustworthiness.Compute(x, 6, x, 6, 120, 10);
        Assert.Equal(1.0, t, 12);
        Assert.Equal(1.0, kept, 12);
    }

    [Fact]
    public void TrustworthinessMatchesTheFormulaWithFullRanks()
    {
        var rnd = new Random(4);
        int n = 80, d = 5, k = 7;
        var x = Enumerable.Range(0, n * d).Select(_ => rnd.NextDouble()).ToArray();
        var map = new double[n * 2];
        for (int i = 0; i < n; i++) { map[2 * i] = x[i * d]; map[2 * i + 1] = x[i * d + 1] + x[i * d + 2]; }
        double Sq(double[] a, int dim, int i, int j) => Enumerable.Range(0, dim).Sum(l => (a[i * dim + l] - a[j * dim + l]) * (a[i * dim + l] - a[j * dim + l]));
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var orig = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => Sq(x, d, i, j)).ThenBy(j => j).ToList();
            var near = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => Sq(map, 2, i, j)).ThenBy(j => j).Take(k);
            foreach (var j in near) sum += Math.Max(0, orig.IndexOf(j) + 1 - k);
        }
        double expected = 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * sum;
        Assert.Equal(expected, Trustworthiness.Compute(x, d, map, 2, n, k).Trustworthiness, 12);
        Assert.True(expected < 1);
    }

    [Fact]
    public void SeparatesClustersAndIsTheSameOnOneOrTwoThreads()
    {
        int n = 300, d = 20;
        var rnd = new Random(6);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < d; l++) x[i * d + l] = (float)(StandardNormal.Next(rnd) + (l == i % 3 ? 10 : 0));
        var options = new TsneOptions { MaxIter = 500, MaxThreads = 1 };
        var a = BarnesHutTsne.Embed(x, n, d, options);
        var b = BarnesHutTsne.Embed(x, n, d, options with { MaxThreads = 2 });
        Assert.Equal(a.Embedding, b.Embedding);
        var xd = x.Select(v => (double)v).ToArray();
        Assert.True(Trustworthiness.Compute(xd, d, a.Embedding, 2, n, 10).Trustworthiness > 0.85);
        // Each point's nearest map neighbour is in its own cluster.
        int same = 0;
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            double bd = double.MaxValue;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = a.Embedding[2 * i] - a.Embedding[2 * j], dy = a.Embedding[2 * i + 1] - a.Embedding[2 * j + 1];
                if (dx * dx + dy * dy < bd) { bd = dx * dx + dy * dy; best = j; }
            }
            if (best % 3 == i % 3) same++;
        }
        Assert.True(same > 0.97 * n, $"{same} of {n}");
    }
}
