using SimCache.Training.Evaluation;
using Xunit;

namespace SimCache.Training.Tests.Evaluation;

public sealed class TopKTests
{
    /// <summary>The reference order: higher score first, NaN last, ties by lower index; LINQ's sort is stable.</summary>
    private static int[] NaiveTopK(float[] scores, IEnumerable<int> exclude, int k)
    {
        var ex = exclude.ToHashSet();
        return Enumerable.Range(0, scores.Length).Where(i => !ex.Contains(i))
            .OrderBy(i => float.IsNaN(scores[i]) ? 1 : 0).ThenByDescending(i => scores[i]).ThenBy(i => i)
            .Take(k).ToArray();
    }

    [Fact]
    public void MatchesAFullSortOnRandomScoresWithManyTies()
    {
        for (int seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 400);
            int levels = rng.Next(1, 12); // few distinct values: many ties
            var scores = new float[n];
            for (int i = 0; i < n; i++)
            {
                int pick = rng.Next(100);
                scores[i] = pick switch
                {
                    0 => float.NegativeInfinity,
                    1 => float.NaN,
                    2 => float.PositiveInfinity,
                    _ => rng.Next(levels) * 0.25f - 1f,
                };
            }
            var exclude = Enumerable.Range(0, n).Where(_ => rng.Next(4) == 0).ToArray();
            int k = rng.Next(0, n + 5);
            var result = new int[k + rng.Next(3)];
            int got = RankingMetrics.TopK(scores, exclude, k, result);
            var expected = NaiveTopK(scores, exclude, k);
            Assert.Equal(expected, result.AsSpan(0, got).ToArray());
        }
    }

    [Fact]
    public void ExcludedItemsAreNeverReturnedEvenWithTheBestScores()
    {
        // Items 0 and 3 score highest but are fold-in; the rest by score: 4 (0.8), 1 (0.5), 2 (0.1).
        float[] scores = [9f, 0.5f, 0.1f, 9f, 0.8f];
        var result = new int[5];
        Assert.Equal(3, RankingMetrics.TopK(scores, [0, 3], 5, result)); // only 3 rankable items remain
        Assert.Equal([4, 1, 2], result[..3]);
        Assert.Equal(2, RankingMetrics.TopK(scores, [0, 3], 2, result));
        Assert.Equal([4, 1], result[..2]);
    }

    [Fact]
    public void EqualScoresGoToTheLowerItemIndex()
    {
        // All equal: the ranking is the index order.
        var result = new int[4];
        RankingMetrics.TopK([1f, 1f, 1f, 1f, 1f, 1f], [1], 4, result);
        Assert.Equal([0, 2, 3, 4], result);
    }

    [Fact]
    public void RefusesUnsortedOrOutOfRangeExclusionsAndShortBuffers()
    {
        float[] scores = [1f, 2f, 3f];
        Assert.Throws<ArgumentException>(() => RankingMetrics.TopK(scores, [2, 1], 2, new int[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.TopK(scores, [3], 2, new int[2]));
        Assert.Throws<ArgumentException>(() => RankingMetrics.TopK(scores, [], 3, new int[2]));
    }

    // Catalogues long enough for the vector pre-filter to skip whole vectors: ties across vector boundaries, NaN,
    // infinities, excluded items, and the best items late (the filter must let them in).
    [Fact]
    public void MatchesAFullSortOnLongCataloguesWhereTheVectorFilterSkips()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 3000);
            int levels = rng.Next(1, 40); // few distinct values on some seeds: ties at the kept threshold
            var scores = new float[n];
            for (int i = 0; i < n; i++)
            {
                int pick = rng.Next(200);
                scores[i] = pick switch
                {
                    0 => float.NegativeInfinity,
                    1 => float.NaN,
                    2 => float.PositiveInfinity,
                    _ => seed % 2 == 0 ? rng.Next(levels) * 0.25f - 1f : (float)rng.NextDouble(),
                };
            }
            if (seed % 5 == 0) for (int i = n / 2; i < n; i++) scores[i] += 10f; // the best items late: the filter must let them in
            var exclude = Enumerable.Range(0, n).Where(_ => rng.Next(5) == 0).ToArray();
            int k = seed % 3 == 0 ? rng.Next(0, n + 5) : rng.Next(0, 120);
            var fast = new int[k];
            int got = RankingMetrics.TopK(scores, exclude, k, fast);
            Assert.Equal(NaiveTopK(scores, exclude, k), fast.AsSpan(0, got).ToArray());
        }
    }

    [Fact]
    public void AllNanScoresRankByIndexAndANumberBeatsThem()
    {
        var scores = Enumerable.Repeat(float.NaN, 100).ToArray();
        scores[77] = -5f;
        var result = new int[3];
        Assert.Equal(3, RankingMetrics.TopK(scores, [1], 3, result));
        Assert.Equal([77, 0, 2], result);
    }

    [Fact]
    public void ATieWithTheWorstKeptItemLosesToItsLowerIndex()
    {
        // 64 equal scores: the two kept are the two lowest indices, whatever vector the others fall in.
        var scores = Enumerable.Repeat(1f, 64).ToArray();
        var result = new int[2];
        Assert.Equal(2, RankingMetrics.TopK(scores, [0], 2, result));
        Assert.Equal([1, 2], result);
    }
}
