using SimCache.Training.Data;
using SimCache.Training.Evaluation;
using Xunit;

namespace SimCache.Training.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private const double Tol = 1e-12;

    /// <summary>Evaluates one-row-per-user scores through the batched path.</summary>
    private static MetricSet Run(float[][] scores, SparseRows foldIn, SparseRows test, int batchUsers = 500, IReadOnlyList<MetricSpec>? metrics = null) =>
        RankingMetrics.Evaluate(users => users.ToArray().SelectMany(u => scores[u]).ToArray(), foldIn, test, batchUsers, metrics);

    private static SparseRows Rows(int columns, int[][] rows) =>
        SparseRows.FromPairs(rows.Length, columns,
            rows.SelectMany((r, u) => r.Select(_ => u)).ToArray(), rows.SelectMany(r => r).ToArray());

    [Fact]
    public void PerfectRankingScoresOne()
    {
        // test {3, 7, 9} ranked first (in any order among themselves): every ideal position is a hit.
        int[] ranked = [9, 3, 7, 0, 1, 2];
        Assert.Equal(1.0, RankingMetrics.Ndcg(ranked, [3, 7, 9], 100), Tol);
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, [3, 7, 9], 20), Tol);
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, [3, 7, 9], 3), Tol);
    }

    [Fact]
    public void KnownPartialRanking()
    {
        // test {2, 5}; ranking 5, 0, 2, 1: hits at ranks 1 and 3.
        //   DCG  = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5
        //   IDCG = 1/log2(2) + 1/log2(3) = 1 + 0.6309297535714575 = 1.6309297535714575
        //   NDCG = 1.5 / 1.6309297535714575 = 0.9197207891481876
        int[] ranked = [5, 0, 2, 1];
        Assert.Equal(0.9197207891481876, RankingMetrics.Ndcg(ranked, [2, 5], 100), Tol);
        // NDCG@2 only sees rank 1: 1 / 1.6309297535714575 = 0.6131471927654584
        Assert.Equal(0.6131471927654584, RankingMetrics.Ndcg(ranked, [2, 5], 2), Tol);
        // Recall@2: 1 hit / min(2, 2) = 0.5;  Recall@3: 2 / 2 = 1;  Recall@1: 1 / min(1, 2) = 1.
        Assert.Equal(0.5, RankingMetrics.Recall(ranked, [2, 5], 2), Tol);
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, [2, 5], 3), Tol);
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, [2, 5], 1), Tol);
    }

    [Fact]
    public void NormalisationUsesMinOfKAndTestSize()
    {
        // |test| = 3 < k = 100, hits at ranks 1, 2 and 10:
        //   DCG  = 1 + 1/log2(3) + 1/log2(11)
        //   IDCG = 1 + 1/log2(3) + 1/log2(4)       (3 terms, not 100)
        //   NDCG = 0.9010126104210695
        int[] ranked = [0, 1, 10, 11, 12, 13, 14, 15, 16, 2, 17];
        Assert.Equal(0.9010126104210695, RankingMetrics.Ndcg(ranked, [0, 1, 2], 100), Tol);
        // Recall@20 = 3 / min(20, 3) = 1;  Recall@5 = 2 / min(5, 3) = 2/3.
        Assert.Equal(1.0, RankingMetrics.Recall(ranked, [0, 1, 2], 20), Tol);
        Assert.Equal(2.0 / 3.0, RankingMetrics.Recall(ranked, [0, 1, 2], 5), Tol);
        // |test| = 5 > k = 2 and both of the top 2 are hits: Recall@2 = 2 / min(2, 5) = 1, NDCG@2 = 1.
        Assert.Equal(1.0, RankingMetrics.Recall([4, 8, 0], [1, 2, 3, 4, 8], 2), Tol);
        Assert.Equal(1.0, RankingMetrics.Ndcg([4, 8, 0], [1, 2, 3, 4, 8], 2), Tol);
    }

    [Fact]
    public void TiesAreBrokenByTheLowerItemIndex()
    {
        // Items 1 and 4 share the top score 0.9; the test item is 4. Lower index first ranks 1 then 4, so
        // the hit is at rank 2: NDCG@100 = (1/log2(3)) / 1 = 0.6309297535714575, Recall@1 = 0, Recall@2 = 1.
        // Breaking the tie the other way would give NDCG 1 and Recall@1 1.
        float[][] scores = [[0.1f, 0.9f, 0.2f, 0.3f, 0.9f, 0f]];
        var test = Rows(6, [[4]]);
        var foldIn = Rows(6, [[]]);
        var r = Run(scores, foldIn, test, metrics: [MetricSpec.Ndcg(100), MetricSpec.Recall(1), MetricSpec.Recall(2)]);
        Assert.Equal(0.6309297535714575, r.Ndcg(100), Tol);
        Assert.Equal(0.0, r.Recall(1), Tol);
        Assert.Equal(1.0, r.Recall(2), Tol);
        Assert.Equal(1, r.Users);
    }

    [Fact]
    public void FoldInItemsAreNeverRankedEvenWithTheHighestScores()
    {
        // Fold-in {0, 1} score 10, test item 2 scores 1, the rest 0. With the fold-in excluded item 2 is
        // ranked first: NDCG@100 = 1, Recall@1 = 1. Were fold-in items ranked, item 2 would be third.
        float[][] scores = [[10f, 10f, 1f, 0f, 0f]];
        var r = Run(scores, Rows(5, [[0, 1]]), Rows(5, [[2]]), metrics: [MetricSpec.Ndcg(100), MetricSpec.Recall(1)]);
        Assert.Equal(1.0, r.Ndcg(100), Tol);
        Assert.Equal(1.0, r.Recall(1), Tol);
    }

    [Fact]
    public void UsersWithAnEmptyTestPartAreSkippedAndNotCounted()
    {
        // User 0: test {0}, ranked first → NDCG 1.  User 1: fold-in only, empty test → skipped.
        // User 2: test {4}, all 5 items score 0 and fold-in {3} → ranking 0, 1, 2, 4: hit at rank 4,
        //   NDCG@100 = 1/log2(5) = 0.43067655807339306.  User 3: nothing at all → not offered.
        // Mean NDCG = (1 + 0.43067655807339306) / 2 = 0.7153382790366965 over 2 users (not 3, not 4).
        float[][] scores = [[5f, 0f, 0f, 0f, 0f], [0f, 0f, 0f, 0f, 0f], [0f, 0f, 0f, 0f, 0f], [0f, 0f, 0f, 0f, 0f]];
        var foldIn = Rows(5, [[1], [2], [3], []]);
        var test = Rows(5, [[0], [], [4], []]);
        var r = Run(scores, foldIn, test);
        Assert.Equal(2, r.Users);
        Assert.Equal(1, r.SkippedUsers);
        Assert.Equal(0.7153382790366965, r.Ndcg(100), Tol);

        var acc = new MetricAccumulator(3);
        acc.Add(0, [0], [0]);
        acc.Add(1, [0], []);
        acc.Add(2, [0], [4]);
        Assert.Equal(2, acc.Count);
        Assert.Equal(1, acc.SkippedCount);
        // (1 + 0) / 2 users.
        Assert.Equal(0.5, acc.Result().Ndcg(100), Tol);
        Assert.Throws<ArgumentException>(() => RankingMetrics.Ndcg([0], [], 100));
        Assert.Throws<InvalidOperationException>(() => acc.Add(0, [0], [0]));
    }

    [Fact]
    public void NoUsersGiveNaNMeans()
    {
        var r = new MetricAccumulator(2).Result();
        Assert.Equal(0, r.Users);
        Assert.True(double.IsNaN(r.Ndcg(100)));
    }

    [Fact]
    public void ResultIsBitIdenticalWhateverTheBatchingAndOrder()
    {
        var rng = new Random(11);
        int users = 257, items = 40;
        var scores = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, items).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
        int[][] fold = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, items).Where(_ => rng.Next(5) == 0).ToArray()).ToArray();
        int[][] held = fold.Select(f => Enumerable.Range(0, items).Except(f).Where(_ => rng.Next(6) == 0).ToArray()).ToArray();
        var foldIn = Rows(items, fold);
        var test = Rows(items, held);
        var metrics = new[] { MetricSpec.Ndcg(10), MetricSpec.Recall(5), MetricSpec.Recall(20) };

        var reference = Run(scores, foldIn, test, 500, metrics);
        foreach (int batch in new[] { 1, 7, 64, 256 })
        {
            var r = Run(scores, foldIn, test, batch, metrics);
            Assert.Equal(reference.Users, r.Users);
            for (int m = 0; m < metrics.Length; m++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Means[m]), BitConverter.DoubleToInt64Bits(r.Means[m]));
        }

        // The accumulator alone, users added in reverse order, gives the same bits too.
        var acc = new MetricAccumulator(users, metrics);
        var buffer = new int[acc.MaxK];
        for (int u = users - 1; u >= 0; u--)
        {
            int n = RankingMetrics.TopK(scores[u], foldIn.Items(u), acc.MaxK, buffer);
            acc.Add(u, buffer.AsSpan(0, n), test.Items(u));
        }
        var reversed = acc.Result();
        for (int m = 0; m < metrics.Length; m++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Means[m]), BitConverter.DoubleToInt64Bits(reversed.Means[m]));
    }

    [Fact]
    public void ScorerReturningTheWrongShapeIsRefused()
    {
        var test = Rows(3, [[0]]);
        Assert.Throws<InvalidOperationException>(() => RankingMetrics.Evaluate(users => new float[2], Rows(3, [[]]), test));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Evaluate(users => new float[3], Rows(3, []), test)); // 0 rows vs 1
    }
}
