using SimCache.Geometry.Neighbors;

namespace SimCache.Geometry.Umap;

/// <summary>
/// The first half of UMAP (McInnes, Healy &amp; Melville 2018, §3.1; umap-learn's fuzzy_simplicial_set): each point's
/// local metric from its k nearest neighbours — ρ_i the distance to its nearest neighbour (local connectivity 1)
/// and σ_i found by binary search so that Σ_j exp(−max(0, d_ij − ρ_i)/σ_i) = log₂(k) — giving directed membership
/// strengths w_ij = exp(−max(0, d_ij − ρ_i)/σ_i), then the fuzzy union w + wᵀ − w∘wᵀ (set_op_mix_ratio 1) so the
/// graph is symmetric. As in the reference, k counts the point itself (distance 0), so the sums run over the k − 1
/// nearest other points while the target stays log₂(k); σ_i is floored at 10⁻³ of the mean distance in the row
/// (zero included), so a point whose neighbours all sit at ρ_i does not get σ = 0.
/// </summary>
public static class FuzzySimplicialSet
{
    public const int BinarySearchSteps = 64;
    public const double Tolerance = 1e-5;
    public const double MinScale = 1e-3;

    /// <summary>The symmetric fuzzy graph from the first <paramref name="neighbors"/> − 1 columns of <paramref name="graph"/> (which must hold at least that many).</summary>
    public static FuzzyGraph Build(KnnGraph graph, int neighbors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbors, 2);
        int n = graph.Count, k = neighbors - 1;
        if (graph.K < k) throw new ArgumentException($"the k-NN graph holds {graph.K} neighbours per point; {k} are needed", nameof(graph));
        double target = Math.Log2(neighbors);
        double meanAll = 0;
        for (int i = 0; i < n; i++)
        {
            var row = graph.DistancesOf(i)[..k];
            for (int c = 0; c < k; c++) meanAll += row[c];
        }
        meanAll /= (double)n * neighbors;
        var rows = new int[n * k];
        var cols = new int[n * k];
        var vals = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var dist = graph.DistancesOf(i)[..k];
            var (sigma, rho) = SmoothDistance(dist, target, meanAll);
            var nb = graph.NeighborsOf(i);
            for (int c = 0; c < k; c++)
            {
                int e = i * k + c;
                rows[e] = i;
                cols[e] = nb[c];
                vals[e] = Membership(dist[c], rho, sigma);
            }
        }
        return Union(n, rows, cols, vals);
    }

    /// <summary>exp(−(d − ρ)/σ), 1 at or inside ρ (or with σ = 0).</summary>
    public static double Membership(double distance, double rho, double sigma) =>
        distance - rho <= 0 || sigma == 0 ? 1.0 : Math.Exp(-(distance - rho) / sigma);

    /// <summary>
    /// (σ, ρ) of one point from its distances to its nearest other points (ascending): umap-learn's smooth_knn_dist
    /// with local connectivity 1 and bandwidth 1. <paramref name="meanAll"/>: the mean distance over all rows (the floor
    /// of σ for a point with no non-zero distance).
    /// </summary>
    public static (double Sigma, double Rho) SmoothDistance(ReadOnlySpan<double> distances, double target, double meanAll)
    {
        double rho = 0;
        foreach (var d in distances)
            if (d > 0)
            {
                rho = d;
                break;
            }
        double lo = 0, hi = double.PositiveInfinity, mid = 1;
        for (int step = 0; step < BinarySearchSteps; step++)
        {
            // The reference's row holds the point itself at column 0 and its sum starts at column 1: only the other points count.
            double sum = 0;
            foreach (var d in distances)
            {
                double t = d - rho;
                sum += t > 0 ? Math.Exp(-t / mid) : 1.0;
            }
            if (Math.Abs(sum - target) < Tolerance) break;
            if (sum > target)
            {
                hi = mid;
                mid = (lo + hi) / 2;
            }
            else
            {
                lo = mid;
                mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
            }
        }
        double floor;
        if (rho > 0)
        {
            double mean = 0;
            foreach (var d in distances) mean += d;
            floor = MinScale * mean / (distances.Length + 1);
        }
        else floor = MinScale * meanAll;
        return (Math.Max(mid, floor), rho);
    }

    /// <summary>Fuzzy union of a directed sparse graph (no duplicate (row, column) pairs): a + b − a·b with a = w_ij, b = w_ji, zeros dropped.</summary>
    public static FuzzyGraph Union(int n, int[] rows, int[] cols, double[] vals)
    {
        int m = rows.Length;
        if (cols.Length != m || vals.Length != m) throw new ArgumentException("rows, cols and vals must have the same length");
        // Each directed entry appears as (i, j) forward and (j, i) backward; sorting by (row, column) puts the two of a pair together.
        var keys = new long[2 * m];
        var items = new int[2 * m];
        for (int e = 0; e < m; e++)
        {
            keys[2 * e] = (long)rows[e] * n + cols[e];
            items[2 * e] = e;
            keys[2 * e + 1] = (long)cols[e] * n + rows[e];
            items[2 * e + 1] = ~e;
        }
        Array.Sort(keys, items);
        var rowStart = new int[n + 1];
        var outCols = new List<int>(2 * m);
        var outVals = new List<double>(2 * m);
        for (int t = 0; t < keys.Length;)
        {
            long key = keys[t];
            double a = 0, b = 0;
            for (; t < keys.Length && keys[t] == key; t++)
            {
                int item = items[t];
                if (item >= 0) a += vals[item];
                else b += vals[~item];
            }
            double w = a + b - a * b;
            if (!(w > 0)) continue;
            int r = (int)(key / n);
            outCols.Add((int)(key % n));
            outVals.Add(w);
            rowStart[r + 1]++;
        }
        for (int r = 1; r <= n; r++) rowStart[r] += rowStart[r - 1];
        return new FuzzyGraph(n, rowStart, [.. outCols], [.. outVals]);
    }
}
