namespace SimCache.TestSupport;

/// <summary>Seeded synthetic vectors for index and kernel tests.</summary>
public static class Synth
{
    /// <summary>n standard-normal vectors of dimension d, row-major.</summary>
    public static float[] Gaussian(int n, int d, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        var v = new float[n * d];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(scale * Normal(rng));
        return v;
    }

    /// <summary>
    /// n vectors in <paramref name="clusters"/> clusters of low intrinsic dimension, like learned embeddings: each
    /// cluster is a centre (spread 5) plus a random 4-dimensional plane (scale 1) in which its points lie, plus
    /// isotropic noise σ = 0.02.
    /// </summary>
    public static float[] Clustered(int n, int d, int clusters, int seed)
    {
        const int Intrinsic = 4;
        var rng = new Random(seed);
        var centres = new double[clusters * d];
        var planes = new double[clusters * Intrinsic * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = 5 * Normal(rng);
        for (int i = 0; i < planes.Length; i++) planes[i] = Normal(rng) / Math.Sqrt(d);
        var v = new float[n * d];
        var u = new double[Intrinsic];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(clusters);
            for (int k = 0; k < Intrinsic; k++) u[k] = Normal(rng);
            for (int j = 0; j < d; j++)
            {
                double x = centres[c * d + j] + 0.02 * Normal(rng);
                for (int k = 0; k < Intrinsic; k++) x += u[k] * planes[(c * Intrinsic + k) * d + j];
                v[i * d + j] = (float)x;
            }
        }
        return v;
    }

    public static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double L2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        return Math.Sqrt(s);
    }
}
