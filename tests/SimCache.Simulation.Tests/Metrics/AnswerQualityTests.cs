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

    [Fact]
    public void A_released_buffer_serves_the_next_summary_without_its_old_values_leaking()
    {
        var first = new SampleSummary(64);
        for (int i = 0; i < 64; i++) first.Add(1000 + i); // large values left in the buffer
        Assert.Equal(1063.0, first.Quantile(1), 12);
        first.Release();
        Assert.Throws<InvalidOperationException>(() => first.Quantile(0.5));
        Assert.Equal((64, 1031.5), (first.Count, first.Mean)); // counts and means stay
        first.Release(); // twice is harmless

        var next = new SampleSummary(64); // likely the same buffer, uncleared
        foreach (var v in new double[] { 3, 1, 2 }) next.Add(v);
        Assert.Equal(3.0, next.Quantile(1), 12); // only its own 3 values count
        Assert.Equal(2.0, next.Quantile(0.5), 12);
        next.Release();
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.7)]
    [InlineData(0.3)]
    public void A_derived_summary_has_the_quantiles_of_the_mapped_values(double alpha)
    {
        var rng = new Random(11);
        Func<double, double> cost = d => Math.Pow(d, alpha);
        var distances = new SampleSummary(8);
        var derived = SampleSummary.Derived(distances, cost);
        var kept = new SampleSummary(8); // what the replay kept before: each cost, as float32
        for (int i = 0; i < 1001; i++)
        {
            float d = (float)(rng.NextDouble() * 5);
            distances.Add(d);
            derived.Add(cost(d));
            kept.Add(cost(d));
        }
        Assert.True(derived.IsDerived);
        foreach (var q in new[] { 0, 0.5, 0.9, 0.99, 1 })
            Assert.Equal(kept.Quantile(q), derived.Quantile(q)); // bit for bit
        Assert.Equal(kept.Sum, derived.Sum);
        var step = SampleSummary.Derived(distances, d => d > 2.5 ? 1 : 0); // a 0/1 threshold cost
        for (int i = 0; i < 1001; i++) step.Store(0);
        Assert.Equal(1.0, step.Quantile(0.99));
        Assert.Equal(0.0, step.Quantile(0));
        distances.Add(1);
        Assert.Throws<InvalidOperationException>(() => derived.Quantile(0.5)); // counts no longer agree
        Assert.Throws<ArgumentException>(() => SampleSummary.Derived(derived, cost));
    }
}
