using SimCache.Geometry.Hubness;
using SimCache.Geometry.Neighbors;
using Xunit;

namespace SimCache.Geometry.Tests.Hubness;

public class HubnessAnalysisTests
{
    [Fact]
    public void CountsSkewnessAndAntiHubsByHand()
    {
        // Four points, k = 1: everyone's nearest neighbour is point 0, and 0's is 1. Occurrences: [3, 1, 0, 0].
        var g = new KnnGraph(4, 1, [1, 0, 0, 0], [1, 1, 2, 3]);
        var h = HubnessAnalysis.Estimate(g);
        Assert.Equal(new[] { 3, 1, 0, 0 }, h.Occurrences);
        Assert.Equal(0.5, h.AntiHubShare);
        Assert.Equal(3, h.MaxOccurrence);
        Assert.Equal(0, h.TopHubs[0]);
        // Deviations from k = 1: [2, 0, −1, −1]: m2 = 6/4, m3 = 6/4.
        Assert.Equal(1.5 / Math.Pow(1.5, 1.5), h.Skewness, 12);
    }
}
