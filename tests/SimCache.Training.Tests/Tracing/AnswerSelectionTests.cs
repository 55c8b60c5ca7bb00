using SimCache.Training.Evaluation;
using SimCache.Training.Tracing;
using Xunit;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// The trace's vectorised top-k against the evaluation's heap top-k and a full sort: the same items in the same
/// order on catalogues long enough for the vector pre-filter to skip, with ties across vector boundaries, NaN,
/// infinities and excluded items.
/// </summary>
public sealed class AnswerSelectionTests
{
    private static int[] NaiveTopK(float[] scores, IEnumerable<int> exclude, int k)
    {
        var ex = exclude.ToHashSet();
        return Enumerable.Range(0, scores.Length).Where(i => !ex.Contains(i))
            .OrderBy(i => float.IsNaN(scores[i]) ? 1 : 0).ThenByDescending(i => scores[i]).ThenBy(i => i)
            .Take(k).ToArray();
    }

    [Fact]
    public void MatchesTheHeapTopKAndAFullSort()
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
            var heap = new int[k];
            int got = AnswerSelection.TopK(scores, exclude, k, fast);
            int expected = RankingMetrics.TopK(scores, exclude, k, heap);
            Assert.Equal(heap.AsSpan(0, expected).ToArray(), fast.AsSpan(0, got).ToArray());
            Assert.Equal(NaiveTopK(scores, exclude, k), fast.AsSpan(0, got).ToArray());
        }
    }

    [Fact]
    public void AllNanScoresRankByIndexAndANumberBeatsThem()
    {
        var scores = Enumerable.Repeat(float.NaN, 100).ToArray();
        scores[77] = -5f;
        var result = new int[3];
        Assert.Equal(3, AnswerSelection.TopK(scores, [1], 3, result));
        Assert.Equal([77, 0, 2], result);
    }

    [Fact]
    public void ATieWithTheWorstKeptItemLosesToItsLowerIndex()
    {
        // 64 equal scores: the two kept are the two lowest indices, whatever vector the others fall in.
        var scores = Enumerable.Repeat(1f, 64).ToArray();
        var result = new int[2];
        Assert.Equal(2, AnswerSelection.TopK(scores, [0], 2, result));
        Assert.Equal([1, 2], result);
    }
}
