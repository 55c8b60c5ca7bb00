using SimCache.Numerics.Synthetic;

namespace SimCache.Geometry.Synthetic;

/// <summary>
/// The reference clouds every figure of the geometry report is read against (docs/METHODS.md §2): points uniform in a
/// d-ball and isotropic Gaussian points, at the same n and d as the embeddings, so that what an estimator gives on
/// structureless data of that size is on the same page as what it gives on the embeddings.
/// </summary>
public static class SyntheticClouds
{
    /// <summary>n points uniform in the d-ball of the given radius (Gaussian direction, radius R·U^{1/d}), row-major float32.</summary>
    public static float[] UniformBall(int n, int d, double radius, Random random)
    {
        Check(n, d);
        var x = new float[(long)n * d];
        var g = new double[d];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int l = 0; l < d; l++)
            {
                g[l] = StandardNormal.Next(random);
                s += g[l] * g[l];
            }
            double r = radius * Math.Pow(random.NextDouble(), 1.0 / d) / Math.Sqrt(s);
            for (int l = 0; l < d; l++) x[(long)i * d + l] = (float)(g[l] * r);
        }
        return x;
    }

    /// <summary>n points from N(0, σ²I_d), row-major float32.</summary>
    public static float[] Gaussian(int n, int d, double sigma, Random random)
    {
        Check(n, d);
        var x = new float[(long)n * d];
        for (long i = 0; i < x.Length; i++) x[i] = (float)(sigma * StandardNormal.Next(random));
        return x;
    }

    private static void Check(int n, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
    }
}
