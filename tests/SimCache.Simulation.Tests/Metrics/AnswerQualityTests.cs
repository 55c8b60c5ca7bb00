using SimCache.Simulation.Metrics;
using Xunit;

namespace SimCache.Simulation.Tests.Metrics;

/// <summary>Quality metrics on hand-computed lists.</summary>
public class AnswerQualityTests
{
    [Fact]
    public void NdcgCountsHitsByRankAgainstTheIdealOfTheFutureItems()
    {
        // Hits at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/log2 4).
        Assert.Equal(0.49818925746641285, AnswerQuality.Ndcg([5, 3, 9, 1], [3, 1, 7], 4), 12);
        // Cut at N = 2: one hit at rank 2; the ideal has min(2, 3) = 2 terms.
        Assert.Equal(0.38685280723454163, AnswerQuality.Ndcg([5, 3, 9, 1], [3, 1, 7], 2), 12);
        Assert.Equal(1.0, AnswerQuality.Ndcg([3, 1, 7], [7, 3, 1], 3), 12);
        Assert.Equal(0.0, AnswerQuality.Ndcg([4, 5], [7], 2));
        Assert.True(double.IsNaN(AnswerQuality.Ndcg([4, 5], [], 2)));
    }

    [Fact]
    public void OverlapIsTheSharedShareOfTheOwnTopN()
    {
        Assert.Equal(0.5, AnswerQuality.Overlap([1, 2, 3, 4], [2, 9, 4, 8], 4));
        Assert.Equal(0.5, AnswerQuality.Overlap([1, 2, 3, 4], [2, 9, 4, 8], 2)); // {1,2} ∩ {2,9}
        Assert.Equal(1.0, AnswerQuality.Overlap([8, 2, 9, 4], [2, 9, 4, 8], 4)); // order does not matter
        Assert.Equal(1.0, AnswerQuality.Overlap([7, 5], [5], 3));               // the own list is shorter than N
        Assert.Equal(0.0, AnswerQuality.Overlap([], [5], 3));
    }

    [Fact]
    public void QuantilesInterpolateLinearlyBetweenClosestRanks()
    {
        var s = new SampleSummary(2); // grows past its size hint
        foreach (var v in new double[] { 3, 1, 4, 1, 5, 9, 2, 6 }) s.Add(v);
        Assert.Equal(31 / 8.0, s.Mean, 12);
        Assert.Equal(3.5, s.Quantile(0.5), 12);
        Assert.Equal(6.9, s.Quantile(0.9), 12);
        Assert.Equal(8.79, s.Quantile(0.99), 12);
        var third = new SampleSummary(4);
        foreach (var v in new[] { 1 / 3.0, 2 / 3.0 }) third.Add(v);
        Assert.Equal(0.5, third.Mean, 15); // the mean is of the doubles as added
        Assert.Equal((double)(float)(1 / 3.0), third.Quantile(0)); // quantiles of the float32 values kept
        Assert.Equal(1.0, s.Quantile(0), 12);
        Assert.Equal(9.0, s.Quantile(1), 12);
        Assert.True(double.IsNaN(new SampleSummary().Quantile(0.5)));
    }

    [Fact]
    public void AWindowSummaryCountsAndSumsButKeepsNoValues()
    {
        var s = new SampleSummary(4, keepValues: false);
        s.Add(1.5);
        s.Add(2.5);
        Assert.Equal((2, 4.0, 2.0), (s.Count, s.Sum, s.Mean));
        Assert.Throws<InvalidOperationException>(() => s.Quantile(0.5));
        s.AddRun(2, 4.0 + 7);
        Assert.Equal((4, 11.0), (s.Count, s.Sum));
    }

    [Fact]
    public void ReservedValuesCountOnlyOnceCommitted()
    {
        var s = new SampleSummary(1);
        s.Add(10);
        var room = s.Reserve(3); // grows past the hint
        room[0] = 1;
        room[1] = 3;
        s.Commit(2);
        s.Store(6);
        Assert.Equal((4, 10.0), (s.Count, s.Sum)); // kept, but summed apart
        s.AddSum(10);
        Assert.Equal(5.0, s.Mean, 12);
        Assert.Equal(4.5, s.Quantile(0.5), 12);
        Assert.Equal(10.0, s.Quantile(1), 12);
    }
}
