using SimCache.Training.Tracing;
using Xunit;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// The trace's density defaults come from the data's positives per user: on a small set (median 40 positives,
/// like MovieLens-100K, where the fixed 50 / 0.8 / 10 gave one row to most users) and on a large one (median
/// 400) the median user gets about <see cref="TraceDensity.TargetRows"/> rows.
/// </summary>
public class TraceDensityTests
{
    /// <summary>Users whose positives are spread around <paramref name="median"/> (the middle one exactly at it).</summary>
    private static int[] Users(int median, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Math.Max(1, median + (i - count / 2) * median / count))];

    private static int RowsOf(int n, TraceOptions options) => TraceBuilder.Prefixes(n, options).Count();

    [Theory]
    // (median positives, min_ratings, every, rows of the median user), by hand: min_ratings = max(2, ⌈m/2⌉),
    // every = max(1, round((m − ⌊0.8·m⌋)/9)), rows = 1 + ⌊(m − ⌊0.8·m⌋)/every⌋.
    [InlineData(40, 20, 1, 9)]
    [InlineData(400, 200, 9, 9)]
    [InlineData(3, 2, 1, 2)]
    public void DerivedDefaultsGiveTheMedianUserAboutTenRows(int median, int minRatings, int every, int medianRows)
    {
        var counts = Users(median, 101);
        Assert.Equal(median, TraceDensity.Median(counts));
        var resolved = TraceDensity.Resolve(counts, new TraceOptions());
        Assert.Equal((minRatings, every), (resolved.MinRatings, resolved.Every));
        Assert.Equal(medianRows, RowsOf(median, resolved));
    }

    [Fact]
    public void SmallAndLargeSetsBothGetSeveralRowsPerUser()
    {
        foreach (int median in new[] { 40, 400 })
        {
            var counts = Users(median, 101);
            var resolved = TraceDensity.Resolve(counts, new TraceOptions());
            double perUser = counts.Average(n => RowsOf(n, resolved));
            Assert.InRange(perUser, 5, 20);
        }
        // The fixed 50 / 10 of the seed report on the small set: one row for most users.
        Assert.True(Users(40, 101).Average(n => RowsOf(n, new TraceOptions { MinRatings = 50, Every = 10 })) < 2);
    }

    [Fact]
    public void GivenValuesAreKept()
    {
        var resolved = TraceDensity.Resolve(Users(40, 11), new TraceOptions { MinRatings = 7 });
        Assert.Equal((7, 1), (resolved.MinRatings!.Value, resolved.Every!.Value));
        Assert.Equal(new TraceOptions { MinRatings = 5, Every = 3 }, TraceDensity.Resolve(Users(400, 11), new TraceOptions { MinRatings = 5, Every = 3 }));
    }
}
