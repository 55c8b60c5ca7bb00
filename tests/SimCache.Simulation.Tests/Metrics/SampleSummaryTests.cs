using SimCache.Simulation.Metrics;
using Xunit;

namespace SimCache.Simulation.Tests.Metrics;

/// <summary>Reuse, derived costs and spilling of replay samples: each must leave the quantiles exactly as an in-memory sort gives them.</summary>
public class SampleSummaryTests
{
    [Fact]
    public void AReleasedBufferServesTheNextSummaryWithoutItsOldValuesLeaking()
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
    public void ADerivedSummaryHasTheQuantilesOfTheMappedValues(double alpha)
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

    /// <summary>numpy's default quantile by sorting, the reference.</summary>
    private static double Reference(IEnumerable<float> values, double q)
    {
        var v = values.ToArray();
        Array.Sort(v);
        double position = q * (v.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, v.Length - 1);
        return v[lower] + (position - lower) * ((double)v[upper] - v[lower]);
    }

    [Theory]
    [InlineData(1000, 7)]     // spilled many times, a short tail in memory
    [InlineData(1000, 999)]   // spilled once, 1 value held
    [InlineData(1000, 1000)]  // exactly full: never spilled
    [InlineData(5, 2)]
    public void SpilledSamplesGiveTheQuantilesOfAnInMemorySort(int n, int spillAfter)
    {
        var rng = new Random(n + spillAfter);
        var values = new List<float>();
        var s = new SampleSummary(4, spillAfter: spillAfter);
        for (int i = 0; i < n; i++)
        {
            // ties, negatives, zeros and a wide range of magnitudes (keys must order like floats)
            float v = (i % 10) switch { 0 => 0f, 1 => 3.25f, 2 => -(float)rng.NextDouble() * 100, _ => (float)Math.Exp(rng.NextDouble() * 20 - 10) };
            values.Add(v);
            if (i % 3 == 0) s.Add(v);
            else if (i % 3 == 1) s.Store(v);
            else
            {
                s.Reserve(1)[0] = v;
                s.Commit(1);
            }
        }
        Assert.Equal(n > spillAfter, s.HasSpilled);
        foreach (var q in new[] { 0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1 })
            Assert.Equal(Reference(values, q), s.Quantile(q));
        var derived = SampleSummary.Derived(s, d => d * d); // costs from spilled distances
        for (int i = 0; i < n; i++) derived.Store(0);
        foreach (var q in new[] { 0, 0.5, 0.99, 1 })
            Assert.Equal(Reference(values.Select(v => (float)((double)v * v)), q), derived.Quantile(q));
        s.Release();
    }

    [Fact]
    public void ReservingAcrossTheSpillSizeSpillsFirstAndTheFileGoesWithRelease()
    {
        var s = new SampleSummary(2, spillAfter: 8);
        var expected = new List<float>();
        for (int round = 0; round < 5; round++)
        {
            var room = s.Reserve(5); // 5 + 5 > 8: spills the first 5 before the next 5
            for (int i = 0; i < 5; i++) room[i] = expected.Count + i;
            s.Commit(5);
            expected.AddRange(Enumerable.Range(expected.Count, 5).Select(i => (float)i));
        }
        Assert.True(s.HasSpilled);
        Assert.Equal(25, s.Count);
        Assert.Equal(12.0, s.Quantile(0.5));
        Assert.Equal(Reference(expected, 0.9), s.Quantile(0.9));
        string file = s.SpillFile!;
        Assert.True(File.Exists(file));
        Assert.Equal(20 * sizeof(float), new FileInfo(file).Length); // 4 spills of 5; the last 5 held in memory
        s.Release();
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void APooledBufferLongerThanTheSpillSizeStillSpillsAtTheSpillSize()
    {
        // A long buffer released on this thread is what the next summary rents, whatever its own spill size.
        var big = new SampleSummary(50_000);
        for (int i = 0; i < 50_000; i++) big.Add(i);
        big.Release();
        var s = new SampleSummary(4, spillAfter: 100);
        var values = new List<float>();
        for (int i = 0; i < 1_000; i++)
        {
            values.Add(999 - i);
            s.Add(999 - i);
        }
        Assert.True(s.HasSpilled);
        Assert.Equal(900 * sizeof(float), new FileInfo(s.SpillFile!).Length); // 9 spills of 100; the last 100 held
        Assert.Equal(Reference(values, 0.5), s.Quantile(0.5));
        s.Release();
    }
}
