namespace SimCache.Simulation.Metrics;

/// <summary>
/// What an approximate answer costs in the task itself (docs/METHODS.md §3.3): how much of the request's own
/// top-N list the served list keeps, and how well each list ranks the items the user really consumed next.
/// </summary>
/// <remarks>
/// overlap@N = |served[..N] ∩ own[..N]| / min(N, |own|) (1 when both lists are empty or the same); NDCG@N against
/// the future items F: DCG = Σ_{n=1..min(N,|list|)} 1[list_n ∈ F] / log2(n + 1), divided by the ideal
/// Σ_{n=1..min(N,|F|)} 1 / log2(n + 1), as the trainer's metric (docs/METHODS.md §1.4); undefined (NaN) when F is empty,
/// and such requests are left out of the NDCG means. Lists hold distinct items. No allocation.
/// </remarks>
public static class AnswerQuality
{
    private static readonly double[] Discount = BuildDiscounts(4096);

    public static double Overlap(ReadOnlySpan<int> served, ReadOnlySpan<int> own, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var a = served[..Math.Min(n, served.Length)];
        var b = own[..Math.Min(n, own.Length)];
        if (b.Length == 0) return a.Length == 0 ? 1.0 : 0.0;
        int common = 0;
        foreach (int item in a)
            if (b.Contains(item)) common++;
        return (double)common / b.Length;
    }

    public static double Ndcg(ReadOnlySpan<int> list, ReadOnlySpan<int> future, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (future.Length == 0) return double.NaN;
        double dcg = 0;
        int k = Math.Min(n, list.Length);
        for (int i = 0; i < k; i++)
            if (future.Contains(list[i])) dcg += Gain(i);
        double ideal = 0;
        for (int i = 0, m = Math.Min(n, future.Length); i < m; i++) ideal += Gain(i);
        return dcg / ideal;
    }

    /// <summary>1 / log2(rank + 2) for a 0-based rank.</summary>
    private static double Gain(int rank) => rank < Discount.Length ? Discount[rank] : 1.0 / Math.Log2(rank + 2);

    private static double[] BuildDiscounts(int n)
    {
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = 1.0 / Math.Log2(i + 2);
        return d;
    }
}
