namespace SimCache.Training.Tests.Models;

/// <summary>
/// A tiny implicit-feedback matrix with cluster structure: each user belongs to one of four item clusters (of
/// unequal size and popularity) and mostly consumes items of it, plus a little noise. Ranking by popularity
/// cannot see the cluster, a working recommender can. The last users are held out with 20% of their items hidden.
/// </summary>
internal sealed class ClusteredInteractions
{
    public ClusteredInteractions(int users, int items, int heldOutUsers, int seed)
    {
        var random = new Random(seed);
        int[] clusterStarts = [0, items * 2 / 5, items * 13 / 20, items * 17 / 20, items];
        double[] clusterShare = [0.4, 0.3, 0.2, 0.1];
        Matrix = new float[users, items];
        for (int u = 0; u < users; u++)
        {
            double r = random.NextDouble();
            int c = 0;
            while (c < 3 && r > clusterShare[c]) { r -= clusterShare[c]; c++; }
            for (int i = 0; i < items; i++)
            {
                bool inCluster = i >= clusterStarts[c] && i < clusterStarts[c + 1];
                int rank = i - clusterStarts[c];
                double p = inCluster ? 0.7 / (1 + 0.15 * rank) : 0.02;
                if (random.NextDouble() < p) Matrix[u, i] = 1;
            }
        }

        Users = users;
        Items = items;
        TrainUsers = users - heldOutUsers;
        FoldIn = new float[heldOutUsers, items];
        TestItems = new List<HashSet<int>>();
        for (int h = 0; h < heldOutUsers; h++)
        {
            var owned = Enumerable.Range(0, items).Where(i => Matrix[TrainUsers + h, i] > 0).ToList();
            var shuffled = owned.OrderBy(_ => random.Next()).ToList();
            int testCount = owned.Count >= 5 ? (int)(0.2 * owned.Count) : 0;
            var test = shuffled.Take(testCount).ToHashSet();
            TestItems.Add(test);
            foreach (var i in owned.Where(i => !test.Contains(i))) FoldIn[h, i] = 1;
        }
    }

    public int Users { get; }
    public int Items { get; }
    public int TrainUsers { get; }
    public float[,] Matrix { get; }
    public float[,] FoldIn { get; }
    public List<HashSet<int>> TestItems { get; }

    public float[] TrainRows(IReadOnlyList<int> users)
    {
        var rows = new float[users.Count * Items];
        for (int r = 0; r < users.Count; r++)
            for (int i = 0; i < Items; i++) rows[r * Items + i] = Matrix[users[r], i];
        return rows;
    }

    public float[] FoldInRows()
    {
        var rows = new float[FoldIn.Length];
        Buffer.BlockCopy(FoldIn, 0, rows, 0, rows.Length * sizeof(float));
        return rows;
    }

    /// <summary>Item counts over training users.</summary>
    public double[] Popularity()
    {
        var counts = new double[Items];
        for (int u = 0; u < TrainUsers; u++)
            for (int i = 0; i < Items; i++) counts[i] += Matrix[u, i];
        return counts;
    }

    /// <summary>Mean NDCG@k over held-out users with a non-empty test part; scores[h][i], fold-in items excluded.</summary>
    public double Ndcg(Func<int, int, double> score, int k)
    {
        double sum = 0;
        int counted = 0;
        for (int h = 0; h < TestItems.Count; h++)
        {
            var test = TestItems[h];
            if (test.Count == 0) continue;
            var ranked = Enumerable.Range(0, Items)
                .Where(i => FoldIn[h, i] == 0)
                .OrderByDescending(i => score(h, i)).ThenBy(i => i)
                .Take(k).ToList();
            double dcg = 0, idcg = 0;
            for (int n = 0; n < ranked.Count; n++)
                if (test.Contains(ranked[n])) dcg += 1 / Math.Log2(n + 2);
            for (int n = 0; n < Math.Min(k, test.Count); n++) idcg += 1 / Math.Log2(n + 2);
            sum += dcg / idcg;
            counted++;
        }
        return sum / counted;
    }
}
