using System.Runtime.CompilerServices;
using SimCache.Data.Progress;

namespace SimCache.Geometry.Umap;

/// <summary>
/// UMAP's layout optimisation (McInnes, Healy &amp; Melville 2018, §3.2 and Algorithm 5; umap-learn's
/// optimize_layout_euclidean): stochastic gradient descent on the fuzzy-set cross entropy, sampling each directed
/// edge once every epochs_per_sample = w_max / w epochs (so an edge is drawn in proportion to its weight), moving
/// both ends by the clipped attractive gradient −2ab·d^(2(b−1)) / (1 + a·d^(2b)) · (y_i − y_j), and for each
/// positive sample drawing <c>negative_sample_rate</c> uniformly random points that push the head away by the
/// clipped repulsive gradient 2γb / ((0.001 + d²)(1 + a·d^(2b))) · (y_i − y_k). Gradients are clipped at ±4 per
/// coordinate and the learning rate falls linearly from its initial value to 0 over the epochs.
/// The reference runs this loop Hogwild-style in parallel, which makes the map depend on thread timing; here it runs
/// on one thread in edge order with one seeded generator, so the map is byte-identical for a seed whatever the
/// thread count. It allocates nothing per edge: on 20,000 points it is a few seconds per hundred epochs.
/// </summary>
public static class UmapLayout
{
    public const double Clip = 4.0;

    /// <summary>Optimises <paramref name="y"/> (row-major n × 2) in place over <paramref name="epochs"/> epochs.</summary>
    public static void Optimise(double[] y, FuzzyGraph graph, int epochs, double a, double b, UmapOptions options, IWorkTask? task = null)
    {
        int n = graph.Count, edges = graph.Edges;
        if (y.Length != 2 * n) throw new ArgumentException("y must hold n × 2 coordinates", nameof(y));
        if (edges == 0) return;
        var head = new int[edges];
        for (int i = 0; i < n; i++)
            for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++) head[e] = i;
        var tail = graph.Columns;
        double wMax = 0;
        foreach (var w in graph.Weights) wMax = Math.Max(wMax, w);
        var perSample = new double[edges];
        var perNegative = new double[edges];
        var nextSample = new double[edges];
        var nextNegative = new double[edges];
        int rate = options.NegativeSampleRate;
        for (int e = 0; e < edges; e++)
        {
            perSample[e] = wMax / graph.Weights[e];
            perNegative[e] = perSample[e] / rate;
            nextSample[e] = perSample[e];
            nextNegative[e] = perNegative[e];
        }
        var random = new SplitMix(options.Seed);
        double gamma = options.RepulsionStrength, twoAb = 2 * a * b, twoGammaB = 2 * gamma * b;
        double alpha = options.LearningRate;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int e = 0; e < edges; e++)
            {
                if (nextSample[e] > epoch) continue;
                int j = head[e], k = tail[e];
                double cx = y[2 * j], cy = y[2 * j + 1];
                double dx = cx - y[2 * k], dy = cy - y[2 * k + 1];
                double d2 = dx * dx + dy * dy;
                if (d2 > 0)
                {
                    double pb = Math.Pow(d2, b);
                    double coeff = -twoAb * (pb / d2) / (a * pb + 1);
                    double gx = ClipGradient(coeff * dx) * alpha, gy = ClipGradient(coeff * dy) * alpha;
                    cx += gx;
                    cy += gy;
                    y[2 * k] -= gx;
                    y[2 * k + 1] -= gy;
                }
                nextSample[e] += perSample[e];
                int negatives = (int)((epoch - nextNegative[e]) / perNegative[e]);
                for (int p = 0; p < negatives; p++)
                {
                    int o = random.Below(n);
                    if (o == j) continue;
                    double ex = cx - y[2 * o], ey = cy - y[2 * o + 1];
                    double s2 = ex * ex + ey * ey;
                    if (!(s2 > 0)) continue; // a point at the same place: no direction to push
                    double coeff = twoGammaB / ((0.001 + s2) * (a * Math.Pow(s2, b) + 1));
                    cx += ClipGradient(coeff * ex) * alpha;
                    cy += ClipGradient(coeff * ey) * alpha;
                }
                y[2 * j] = cx;
                y[2 * j + 1] = cy;
                nextNegative[e] += negatives * perNegative[e];
            }
            alpha = options.LearningRate * (1.0 - (epoch + 1.0) / epochs);
            task?.Report(epoch + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ClipGradient(double v) => v > Clip ? Clip : v < -Clip ? -Clip : v;

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): a fast seeded generator whose stream is fixed by the seed alone.</summary>
    private struct SplitMix(long seed)
    {
        private ulong _state = unchecked((ulong)seed);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A uniform integer in [0, n) by Lemire's multiply-shift on the top 32 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Below(int n) => (int)(((Next() >> 32) * (ulong)n) >> 32);
    }
}
