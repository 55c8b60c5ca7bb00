using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Simulation.Scale;
using SimCache.Simulation.Tests.Replay;
using Xunit;

namespace SimCache.Simulation.Tests.Scale;

/// <summary>
/// The distance scale on traces whose answer is known in closed form: users on a regular polygon, where the
/// j-th neighbour on either side is at 2R·sin(πj/n), so the k-th nearest request of another user is at
/// j = ⌈k/2⌉ (one row per user) for every request alike.
/// </summary>
public class DistanceScaleEstimatorTests
{
    private const double Radius = 5;

    /// <summary>n users equally spaced on a circle, each with <paramref name="rowsPerUser"/> requests at its point.</summary>
    private static string Polygon(TempDir dir, int n, int rowsPerUser = 1)
    {
        var rows = new List<(int, long, float, float)>();
        for (int r = 0; r < rowsPerUser; r++)
            for (int u = 0; u < n; u++)
                rows.Add((u, rows.Count, (float)(Radius * Math.Cos(2 * Math.PI * u / n)), (float)(Radius * Math.Sin(2 * Math.PI * u / n))));
        return TimelineTrace.Write(dir, [.. rows]);
    }

    private static double Chord(int j, int n) => 2 * Radius * Math.Sin(Math.PI * j / n);

    [Fact]
    public void DefaultRuleIsTheTwentiethNeighbourOnAPolygon()
    {
        using var dir = new TempDir();
        var scale = DistanceScaleEstimator.Estimate(Polygon(dir, 100));
        Assert.Equal(Chord(10, 100), scale.Value, 4); // the 19th and 20th nearest are the 10th on each side
        Assert.Equal((20, 0.5, 100, 100L, "l2"), (scale.K, scale.Quantile, scale.Sampled, scale.Rows, scale.Metric));
    }

    [Fact]
    public void TheRequestItselfIsNotItsOwnNeighbour()
    {
        using var dir = new TempDir();
        // k = 19: the 10th neighbour on one side; counting the request itself (distance 0) would give the 9th.
        Assert.Equal(Chord(10, 100), DistanceScaleEstimator.Estimate(Polygon(dir, 100), 19, 0.5, 1000, 1).Value, 4);
    }

    [Fact]
    public void RequestsOfTheSameUserAreLeftOut()
    {
        using var dir = new TempDir();
        // Two requests per user at one point: the nearest request of another user is the next vertex, not the twin at 0.
        var scale = DistanceScaleEstimator.Estimate(Polygon(dir, 40, rowsPerUser: 2), 1, 0.5, 1000, 1);
        Assert.Equal(Chord(1, 40), scale.Value, 4);
    }

    [Fact]
    public void QuantileInterpolatesBetweenRequests()
    {
        using var dir = new TempDir();
        // Users at 0, 1 and 3 on a line: nearest others at 1, 1 and 2.
        var path = TimelineTrace.Write(dir, (0, 0, 0f, 0f), (1, 1, 1f, 0f), (2, 2, 3f, 0f));
        Assert.Equal(1, DistanceScaleEstimator.Estimate(path, 1, 0.5, 1000, 1).Value, 6);
        Assert.Equal(1.5, DistanceScaleEstimator.Estimate(path, 1, 0.75, 1000, 1).Value, 6);
        Assert.Equal(2, DistanceScaleEstimator.Estimate(path, 1, 1, 1000, 1).Value, 6);
        // Fewer other requests than k: the farthest one (0 → 3, 1 → 2, 3 → 3).
        Assert.Equal(3, DistanceScaleEstimator.Estimate(path, 20, 0.5, 1000, 1).Value, 6);
    }

    [Fact]
    public void SampleIsBoundedSeededAndDeterministic()
    {
        using var dir = new TempDir();
        var path = TimelineTrace.Write(dir, [.. Enumerable.Range(0, 500).Select(i => (i % 37, (long)i, (float)(i * 0.37 % 11), (float)(i * 0.91 % 7)))]);
        var a = DistanceScaleEstimator.Estimate(path, 5, 0.5, 100, 7);
        var b = DistanceScaleEstimator.Estimate(path, 5, 0.5, 100, 7);
        Assert.Equal(100, a.Sampled);
        Assert.Equal(a.Value, b.Value);
        var picks = DistanceScaleEstimator.Sample(500, 100, 7);
        Assert.Equal(100, picks.Distinct().Count());
        Assert.True(picks.Zip(picks.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal(picks, DistanceScaleEstimator.Sample(500, 100, 7));
        Assert.NotEqual(picks, DistanceScaleEstimator.Sample(500, 100, 8));
        // On the polygon every request has the same k-th distance, so any sample finds it.
        Assert.Equal(Chord(3, 60), DistanceScaleEstimator.Estimate(Polygon(dir, 60), 5, 0.5, 10, 3).Value, 4);
    }

    [Fact]
    public void CosineScaleIsInCosineDistance()
    {
        using var dir = new TempDir();
        // Unit vectors at angles 0, 90° and 180° (users 0, 1, 2): nearest others at cosine distance 1, 1, 1.
        var path = TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine, (0, 0, 1f, 0f), (1, 1, 0f, 2f), (2, 2, -3f, 0f));
        Assert.Equal(1, DistanceScaleEstimator.Estimate(path, 1, 0.5, 1000, 1).Value, 5);
        Assert.Equal(2, DistanceScaleEstimator.Estimate(path, 2, 1, 1000, 1).Value, 5); // 0 ↔ 180°
    }

    [Fact]
    public void OneUserTraceHasNoScale()
    {
        using var dir = new TempDir();
        var path = TimelineTrace.Write(dir, (4, 0, 0f, 0f), (4, 1, 1f, 0f));
        Assert.Contains("one user", Assert.Throws<UsageException>(() => DistanceScaleEstimator.Estimate(path)).Message);
    }
}
