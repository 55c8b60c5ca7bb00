using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimCache.Data.Progress;
using SimCache.Numerics.Linalg;

namespace SimCache.Geometry.Neighbors;

/// <summary>
/// Exact k nearest neighbours of every point among the others, by brute force done the fast way: the data are
/// centred, squared distances are screened in float32 as ‖x‖² + ‖y‖² − 2x·y from blocked matrix products, the
/// best <c>k + 8</c> candidates per query are kept, and their distances are recomputed in float64 from the
/// original vectors. A float32 rounding bound then proves that no point outside the candidates can be among the
/// true k nearest; a query where the proof fails is redone by an exact float64 scan (counted in
/// <see cref="KnnGraph.FallbackQueries"/>), so the result is the exact float64 answer, ties broken by the lower
/// index. Query blocks run in parallel but each writes only its own rows, so the output does not depend on threads.
/// Duplicate points are expected to be removed first (docs/METHODS.md §2): a zero distance is reported as it is.
/// </summary>
public static class ExactKnn
{
    private const int QueryBlock = 128;
    private const int DataBlock = 1024;
    private const int Margin = 8;

    /// <summary>The k nearest other rows of each row of <paramref name="data"/> (<paramref name="n"/> × <paramref name="dim"/>, row-major).</summary>
    public static KnnGraph Compute(float[] data, int n, int dim, int k, IWorkReporter? reporter = null, int? maxThreads = null, string description = "exact k-NN")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if ((long)n * dim != data.Length) throw new ArgumentException($"data holds {data.Length} values, expected {n}·{dim}", nameof(data));
        if (k > n - 1) throw new ArgumentException($"k = {k} needs at least {k + 1} points, there are {n}", nameof(k));

        var centred = Centre(data, n, dim, out var norms);
        float maxNorm = 0;
        foreach (var v in norms) maxNorm = Math.Max(maxNorm, v);
        int m = Math.Min(k + Margin, n - 1);
        var indices = new int[n * k];
        var distances = new double[n * k];
        int blocks = (n + QueryBlock - 1) / QueryBlock;
        int fallbacks = 0, done = 0;
        var gate = new object();
        using var task = (reporter ?? NullWorkReporter.Instance).Start(description, n, "points");
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount },
            () => new Scratch(QueryBlock, m),
            (block, _, scratch) =>
            {
                int q0 = block * QueryBlock, qn = Math.Min(QueryBlock, n - q0);
                int f = ScreenBlock(centred, norms, maxNorm, data, n, dim, k, m, q0, qn, scratch, indices, distances);
                lock (gate)
                {
                    fallbacks += f;
                    done += qn;
                    task.Report(done);
                }
                return scratch;
            },
            _ => { });
        return new KnnGraph(n, k, indices, distances, fallbacks);
    }

    private sealed class Scratch(int queries, int m)
    {
        public readonly float[] Products = new float[queries * DataBlock];
        public readonly float[] CandD = new float[queries * m];
        public readonly int[] CandI = new int[queries * m];
        public readonly int[] Count = new int[queries];
        public readonly double[] Exact = new double[m];
        public readonly int[] Order = new int[m];
    }

    /// <summary>Centres in float64 and rounds to float32 (smaller norms, tighter float32 error); squared norms of the centred rows.</summary>
    private static float[] Centre(float[] data, int n, int dim, out float[] norms)
    {
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < dim; l++) mean[l] += data[(long)i * dim + l];
        for (int l = 0; l < dim; l++) mean[l] /= n;
        var centred = new float[data.Length];
        var nrm = new float[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int l = 0; l < dim; l++)
            {
                float v = (float)(data[(long)i * dim + l] - mean[l]);
                centred[(long)i * dim + l] = v;
                s += (double)v * v;
            }
            nrm[i] = (float)s;
        }
        norms = nrm;
        return centred;
    }

    private static int ScreenBlock(float[] centred, float[] norms, float maxNorm, float[] data, int n, int dim, int k, int m,
        int q0, int qn, Scratch s, int[] indices, double[] distances)
    {
        Array.Clear(s.Count);
        var queries = centred.AsSpan(q0 * dim, qn * dim);
        for (int b0 = 0; b0 < n; b0 += DataBlock)
        {
            int bn = Math.Min(DataBlock, n - b0);
            BlockedProducts.MultiplyTransposed<float>(queries, qn, dim, centred.AsSpan(b0 * dim, bn * dim), bn, dim, dim, s.Products, bn);
            for (int r = 0; r < qn; r++)
                Select(s.Products.AsSpan(r * bn, bn), norms[q0 + r], norms.AsSpan(b0, bn), b0, q0 + r, s.CandD.AsSpan(r * m, m), s.CandI.AsSpan(r * m, m), ref s.Count[r]);
        }
        // float32 rounding bound on ‖x‖²+‖y‖²−2x·y, including the rounding of the centred coordinates.
        double gamma = (2.0 * dim + 16) * Math.ScaleB(1.0, -24);
        int fallbacks = 0;
        for (int r = 0; r < qn; r++)
        {
            int q = q0 + r;
            var candI = s.CandI.AsSpan(r * m, m);
            for (int c = 0; c < m; c++)
            {
                s.Exact[c] = SquaredDistance(data.AsSpan(q * dim, dim), data.AsSpan(candI[c] * dim, dim));
                s.Order[c] = c;
            }
            var exact = s.Exact;
            var ci = s.CandI;
            int off = r * m;
            Array.Sort(s.Order, 0, m, Comparer<int>.Create((x, y) =>
            {
                int cmp = exact[x].CompareTo(exact[y]);
                return cmp != 0 ? cmp : ci[off + x].CompareTo(ci[off + y]);
            }));
            bool proven = m == n - 1 || exact[s.Order[k - 1]] < s.CandD[off + m - 1] - gamma * ((double)norms[q] + maxNorm);
            if (!proven)
            {
                fallbacks++;
                ExactScan(data, n, dim, q, k, indices.AsSpan(q * k, k), distances.AsSpan(q * k, k));
                continue;
            }
            for (int c = 0; c < k; c++)
            {
                indices[q * k + c] = ci[off + s.Order[c]];
                distances[q * k + c] = Math.Sqrt(exact[s.Order[c]]);
            }
        }
        return fallbacks;
    }

    /// <summary>Keeps the m smallest (d², index) of one query row; the scan is in increasing index, so a tie keeps the earlier point.</summary>
    private static void Select(ReadOnlySpan<float> dots, float qNorm, ReadOnlySpan<float> bNorms, int b0, int self, Span<float> candD, Span<int> candI, ref int count)
    {
        int m = candD.Length;
        int w = Vector256<float>.Count;
        int j = 0;
        var vq = Vector256.Create(qNorm);
        var two = Vector256.Create(2f);
        ref float rd = ref MemoryMarshal.GetReference(dots);
        ref float rn = ref MemoryMarshal.GetReference(bNorms);
        for (; j + w <= dots.Length; j += w)
        {
            float worst = count < m ? float.PositiveInfinity : candD[m - 1];
            var d2 = vq + Vector256.LoadUnsafe(ref rn, (nuint)j) - two * Vector256.LoadUnsafe(ref rd, (nuint)j);
            uint mask = Vector256.LessThan(d2, Vector256.Create(worst)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                int lane = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                Offer(d2.GetElement(lane), b0 + j + lane, self, candD, candI, ref count);
            }
        }
        for (; j < dots.Length; j++)
            Offer(qNorm + bNorms[j] - 2f * dots[j], b0 + j, self, candD, candI, ref count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(float d2, int index, int self, Span<float> candD, Span<int> candI, ref int count)
    {
        if (index == self) return;
        int m = candD.Length;
        int pos;
        if (count < m) pos = count++;
        else if (d2 < candD[m - 1]) pos = m - 1;
        else return;
        while (pos > 0 && candD[pos - 1] > d2)
        {
            candD[pos] = candD[pos - 1];
            candI[pos] = candI[pos - 1];
            pos--;
        }
        candD[pos] = d2;
        candI[pos] = index;
    }

    /// <summary>Squared Euclidean distance in float64 of two float32 vectors.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int l = 0; l < x.Length; l++)
        {
            double t = (double)x[l] - y[l];
            s += t * t;
        }
        return s;
    }

    /// <summary>The exact float64 answer for one query by a full scan (ties by lower index).</summary>
    private static void ExactScan(float[] data, int n, int dim, int q, int k, Span<int> outI, Span<double> outD)
    {
        var all = new double[n];
        var order = new int[n];
        for (int j = 0; j < n; j++)
        {
            order[j] = j;
            all[j] = j == q ? double.PositiveInfinity : SquaredDistance(data.AsSpan(q * dim, dim), data.AsSpan(j * dim, dim));
        }
        Array.Sort(order, Comparer<int>.Create((x, y) => { int c = all[x].CompareTo(all[y]); return c != 0 ? c : x.CompareTo(y); }));
        for (int c = 0; c < k; c++)
        {
            outI[c] = order[c];
            outD[c] = Math.Sqrt(all[order[c]]);
        }
    }
}
