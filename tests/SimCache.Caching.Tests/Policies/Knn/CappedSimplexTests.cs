using SimCache.Caching.Policies.Knn;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Knn;

public class CappedSimplexTests
{
    /// <summary>The KL projection by bisection on c over all items: y_i = min(1, c·z_i) with Σ y = h.</summary>
    private static double[] Project(double[] z, int h)
    {
        double lo = 0, hi = 1;
        while (z.Sum(x => Math.Min(1, hi * x)) < h) hi *= 2;
        for (int it = 0; it < 80; it++)
        {
            double mid = (lo + hi) / 2;
            if (z.Sum(x => Math.Min(1, mid * x)) < h) lo = mid; else hi = mid;
        }
        return z.Select(x => Math.Min(1, hi * x)).ToArray();
    }

    [Theory]
    [InlineData(10, 3, 1, 3.0)]
    [InlineData(50, 10, 2, 1.0)]
    [InlineData(300, 30, 3, 0.1)]
    [InlineData(20, 19, 4, 2.0)]
    [InlineData(3, 2, 6, 5.0)]
    [InlineData(290, 30, 5, 0.1)]
    public void EachStepIsTheProjectionOfThePreviousStateTimesTheFactors(int n, int h, int seed, double spread)
    {
        var rng = new Random(seed);
        var y = new CappedSimplex(n, h);
        var naive = Enumerable.Repeat((double)h / n, n).ToArray();
        int steps = n >= 100 ? 300 : 1500;
        for (int step = 0; step < steps; step++)
        {
            int m = rng.Next(1, Math.Min(12, n));
            var items = Enumerable.Range(0, Math.Min(n, 40)).OrderBy(_ => rng.Next()).Take(m).ToArray();
            var factors = items.Select(_ => Math.Exp(rng.NextDouble() * spread)).ToArray();
            var z = (double[])naive.Clone();
            for (int j = 0; j < m; j++) z[items[j]] *= factors[j];
            naive = Project(z, h);
            y.Scale(items, factors);
            if (step % 50 != 0 && step < steps - 10) continue;
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(y[i], 0, 1);
                Assert.Equal(naive[i], y[i], 7);
                sum += y[i];
            }
            Assert.Equal(h, sum, 7);
        }
    }
}
