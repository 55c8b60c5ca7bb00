using SimCache.Geometry.Neighbors;
using Xunit;

namespace SimCache.Geometry.Tests.Neighbors;

public class ExactKnnTests
{
    /// <summary>The reference: every pair in float64, sorted by (distance, index).</summary>
    private static (int[] Idx, double[] Dist) Naive(float[] x, int n, int d, int k)
    {
        var idx = new int[n * k];
        var dist = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var all = new List<(double D, int J)>();
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double s = 0;
                for (int l = 0; l < d; l++)
                {
                    double t = (double)x[i * d + l] - x[j * d + l];
                    s += t * t;
                }
                all.Add((s, j));
            }
            all.Sort((a, b) => a.D != b.D ? a.D.CompareTo(b.D) : a.J.CompareTo(b.J));
            for (int c = 0; c < k; c++)
            {
                idx[i * k + c] = all[c].J;
                dist[i * k + c] = Math.Sqrt(all[c].D);
            }
        }
        return (idx, dist);
    }

    [Theory]
    [InlineData(700, 29, 12, false)]
    [InlineData(300, 8, 20, true)]
    [InlineData(25, 3, 24, false)]
    public void MatchesTheNaiveScanIncludingTies(int n, int d, int k, bool grid)
    {
        var rnd = new Random(n + d);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++)
            x[i] = grid ? rnd.Next(4) : (float)(rnd.NextDouble() * 10 + 100); // grid: many exact ties; offset: large norms
        // Make the grid points distinct so there are no zero distances.
        if (grid)
            for (int i = 0; i < n; i++) x[i * d] = i;
        var g = ExactKnn.Compute(x, n, d, k);
        var (idx, dist) = Naive(x, n, d, k);
        Assert.Equal(idx, g.Indices);
        for (int i = 0; i < dist.Length; i++) Assert.Equal(dist[i], g.Distances[i], 1e-12);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResult()
    {
        var rnd = new Random(9);
        int n = 1000, d = 40;
        var x = Enumerable.Range(0, n * d).Select(_ => (float)rnd.NextDouble()).ToArray();
        var one = ExactKnn.Compute(x, n, d, 10, maxThreads: 1);
        var two = ExactKnn.Compute(x, n, d, 10, maxThreads: 2);
        Assert.Equal(one.Indices, two.Indices);
        Assert.Equal(one.Distances, two.Distances);
    }

    [Fact]
    public void TooFewPointsIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ExactKnn.Compute(new float[10], 5, 2, 5));
    }
}
