using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Benchmarks.Caching;

/// <summary>
/// Synthetic requests shaped like learned embeddings for the cache benchmarks: 100 clusters in d = 200, each a
/// centre (spread 5) plus points on a random 4-dimensional plane (unit scale) with isotropic noise σ = 0.02, in
/// random cluster order. Low intrinsic dimension is what makes HNSW recall high on real embeddings, so random
/// Gaussian data would misstate it. Seeded: every run benchmarks the same requests.
/// </summary>
public static class ClusteredRequests
{
    public const int Dimension = 200;

    /// <summary>Threshold used by threshold policies: about the distance between neighbouring requests of a cluster.</summary>
    public const double Threshold = 0.6;

    public static float[] Generate(int n, int seed = 42, int clusters = 100)
    {
        const int d = Dimension, intrinsic = 4;
        var rng = new Random(seed);
        var centres = new double[clusters * d];
        var planes = new double[clusters * intrinsic * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = 5 * Normal(rng);
        for (int i = 0; i < planes.Length; i++) planes[i] = Normal(rng) / Math.Sqrt(d);
        var v = new float[(long)n * d];
        var u = new double[intrinsic];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(clusters);
            for (int k = 0; k < intrinsic; k++) u[k] = Normal(rng);
            for (int j = 0; j < d; j++)
            {
                double x = centres[c * d + j] + 0.02 * Normal(rng);
                for (int k = 0; k < intrinsic; k++) x += u[k] * planes[(c * intrinsic + k) * d + j];
                v[(long)i * d + j] = (float)x;
            }
        }
        return v;
    }

    /// <summary>Writes the requests as a trace file (for offline policies), user = row mod <paramref name="users"/>.</summary>
    public static void WriteTrace(string path, float[] vectors, int users)
    {
        int n = vectors.Length / Dimension;
        using var w = new TraceFileWriter(path, Dimension, SimCacheArrow.DistanceL2, Provenance.For("benchmark", 42), withAnswer: false, withFuture: false);
        for (int i = 0; i < n; i++) w.Append(i % users, i, i, vectors.AsSpan(i * Dimension, Dimension));
        w.Complete();
    }

    /// <summary>A random decoder of <paramref name="items"/> items (weights N(0, 1/d), bias N(0, 1)) for the k-NN cache.</summary>
    public static void WriteDecoder(string path, int items, int seed = 7)
    {
        var rng = new Random(seed);
        var row = new float[Dimension];
        using var w = new DecoderFileWriter(path, Dimension, Provenance.For("benchmark", seed));
        for (int i = 0; i < items; i++)
        {
            for (int j = 0; j < Dimension; j++) row[j] = (float)(Normal(rng) / Math.Sqrt(Dimension));
            w.Append(i, "i" + i, row, (float)Normal(rng));
        }
        w.Complete();
    }

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
