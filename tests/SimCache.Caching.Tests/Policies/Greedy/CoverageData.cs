using SimCache.Caching.Keys;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Tests.Policies.Greedy;

/// <summary>
/// Request sets that put static-greedy's pair filter on the spot: clustered points stretched along the first
/// axis (so it is the leading principal axis, where a projection loses nothing), θ the median nearest-neighbour
/// distance, and pairs built by bisection to sit on the float decision boundary — one just within θ, one just
/// beyond — displaced along that axis or along a random direction. With <c>span</c> &gt; 0 every vector lies in
/// the first <c>span</c> coordinates: with span ≤ 16 the filter's projection then keeps every distance whole,
/// so boundary pairs meet its bound with no slack but its rounding margins. The all-pairs truth is a plain
/// loop over the store's own distance.
/// </summary>
public static class CoverageData
{
    public static (float[] Vectors, double Threshold) Make(int n, int d, DistanceMetric metric, int seed, int span = 0)
    {
        var rng = new Random(seed);
        int boundary = n / 10, baseRows = n - 2 * boundary, live = span > 0 ? span : d;
        var small = Synth.Clustered(baseRows, live, 5, seed);
        var v = new float[baseRows * d];
        for (int i = 0; i < baseRows; i++) small.AsSpan(i * live, live).CopyTo(v.AsSpan(i * d, live));
        for (int i = 0; i < baseRows; i++) v[i * d] *= 8;
        var store = new KeyStore(d, metric, 1);
        var prepared = Prepare(store, v, baseRows, d);
        var nearest = new double[baseRows];
        for (int i = 0; i < baseRows; i++)
        {
            nearest[i] = double.PositiveInfinity;
            for (int j = 0; j < baseRows; j++)
                if (j != i) nearest[i] = Math.Min(nearest[i], store.Distance(prepared.AsSpan(i * d, d), prepared.AsSpan(j * d, d)));
        }
        Array.Sort(nearest);
        double theta = nearest[baseRows / 2];
        var all = new float[n * d];
        v.CopyTo(all, 0);
        var x = new float[d];
        var dir = new float[d];
        var y = new float[d];
        var px = new float[d];
        var py = new float[d];
        for (int b = 0; b < boundary; b++)
        {
            v.AsSpan(rng.Next(baseRows) * d, d).CopyTo(x);
            Array.Clear(dir);
            if (b % 2 == 0) dir[0] = 1;
            else for (int l = 0; l < live; l++) dir[l] = (float)Synth.Normal(rng);
            store.PrepareInto(x, px);
            double Dist(double t)
            {
                for (int l = 0; l < d; l++) y[l] = (float)(x[l] + t * dir[l]);
                store.PrepareInto(y, py);
                return store.Distance(px, py);
            }
            double lo = 0, hi = 1;
            for (int grow = 0; Dist(hi) <= theta; grow++)
            {
                if (grow < 40) hi *= 2;
                else
                {
                    // Along this axis the (cosine) distance never reaches θ: a random direction does.
                    for (int l = 0; l < live; l++) dir[l] = (float)Synth.Normal(rng);
                    hi = 1;
                    grow = 0;
                }
            }
            for (int it = 0; it < 80; it++)
            {
                double mid = (lo + hi) / 2;
                if (Dist(mid) <= theta) lo = mid;
                else hi = mid;
            }
            Dist(lo);
            y.CopyTo(all, (baseRows + 2 * b) * d);
            Dist(hi);
            y.CopyTo(all, (baseRows + 2 * b + 1) * d);
        }
        return (all, theta);
    }

    /// <summary>For each candidate row, the sorted rows within θ, by the store's float distance.</summary>
    public static int[][] AllPairs(float[] vectors, int d, DistanceMetric metric, double theta, int[] candidateRows)
    {
        int n = vectors.Length / d;
        var store = new KeyStore(d, metric, 1);
        var p = Prepare(store, vectors, n, d);
        return candidateRows.Select(c => Enumerable.Range(0, n)
            .Where(r => store.Distance(p.AsSpan(r * d, d), p.AsSpan(c * d, d)) <= theta).ToArray()).ToArray();
    }

    /// <summary>How many (row, candidate) pairs lie within a relative 1e-6 of θ on either side.</summary>
    public static int NearBoundary(float[] vectors, int d, DistanceMetric metric, double theta)
    {
        int n = vectors.Length / d, count = 0;
        var store = new KeyStore(d, metric, 1);
        var p = Prepare(store, vectors, n, d);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (Math.Abs(store.Distance(p.AsSpan(i * d, d), p.AsSpan(j * d, d)) - theta) <= 1e-6 * theta) count++;
        return count;
    }

    private static float[] Prepare(KeyStore store, float[] v, int n, int d)
    {
        var p = new float[n * d];
        for (int i = 0; i < n; i++) store.PrepareInto(v.AsSpan(i * d, d), p.AsSpan(i * d, d));
        return p;
    }
}
