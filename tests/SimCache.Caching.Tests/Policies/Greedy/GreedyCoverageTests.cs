using SimCache.Caching.Keys;
using SimCache.Caching.Policies;
using SimCache.Caching.Policies.Greedy;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using SimCache.Data.Progress;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Greedy;

public class GreedyCoverageTests
{
    [Theory]
    [InlineData(200, "l2", 0, 0)]
    [InlineData(200, "cosine", 0, 0)]
    [InlineData(200, "l2", 97, 0)]
    [InlineData(200, "cosine", 97, 0)]
    [InlineData(200, "l2", 0, 16)]
    [InlineData(200, "cosine", 0, 16)]
    [InlineData(200, "l2", 97, 12)]
    [InlineData(12, "l2", 0, 0)]
    [InlineData(12, "cosine", 97, 0)]
    public void CoverageSetsAreExactlyTheAllPairsScanEvenOnTheBoundary(int d, string distance, int candidates, int span)
    {
        var metric = DistanceMetrics.Parse(distance);
        const int n = 500;
        var (v, theta) = CoverageData.Make(n, d, metric, seed: d + distance.Length + candidates + span, span);
        Assert.True(CoverageData.NearBoundary(v, d, metric, theta) >= n / 10, "the data should put pairs on the threshold");
        using var dir = new TempDir();
        string path = dir.File("trace.arrow");
        TraceFiles.Write(path, v, d, distance, batchRows: 77);
        using var store = new KeyStore(d, metric, 1);
        int m = candidates == 0 ? n : candidates;
        var sets = GreedyCoverage.Build(path, store, theta, n, m, NullWorkReporter.Instance);
        var truth = CoverageData.AllPairs(v, d, metric, theta, sets.CandidateRows);
        Assert.Equal(m, sets.Covers.Length);
        long pairs = 0;
        for (int c = 0; c < m; c++)
        {
            Assert.Equal(truth[c], sets.Covers[c].Order().ToArray());
            pairs += truth[c].Length;
        }
        Assert.True(pairs > 2L * m, "θ should make coverage non-trivial");
        for (int c = 0; c < m; c++)
        {
            int row = sets.CandidateRows[c];
            Assert.Equal(v.AsSpan(row * d, d).ToArray(), sets.Vectors.AsSpan(c * d, d).ToArray());
            Assert.Equal(row, sets.Users[c]);
            Assert.Equal(new[] { row }, sets.Answers[c]);
        }
    }

    [Fact]
    public void ThePlacementIsThePlainGreedyOverTheAllPairsSets()
    {
        const int n = 400, d = 200;
        var (v, theta) = CoverageData.Make(n, d, DistanceMetric.L2, seed: 5);
        using var dir = new TempDir();
        string path = dir.File("trace.arrow");
        TraceFiles.Write(path, v, d);
        using var store = new KeyStore(d, DistanceMetric.L2, 1);
        var cover = CoverageData.AllPairs(v, d, DistanceMetric.L2, theta, Enumerable.Range(0, n).ToArray());
        // Plain greedy: most uncovered requests, lowest row on ties.
        var covered = new bool[n];
        var used = new bool[n];
        var expected = new List<int>();
        long total = 0;
        for (int pick = 0; pick < 60; pick++)
        {
            int best = -1, bestGain = -1;
            for (int c = 0; c < n; c++)
            {
                if (used[c]) continue;
                int gain = cover[c].Count(r => !covered[r]);
                if (gain > bestGain) (best, bestGain) = (c, gain);
            }
            used[best] = true;
            expected.Add(best);
            total += bestGain;
            foreach (int r in cover[best]) covered[r] = true;
        }
        var p = GreedyCoverage.Choose(path, store, 60, theta, 0, NullWorkReporter.Instance, memo: null);
        Assert.Equal(expected, p.Rows);
        Assert.Equal(total, p.Covered);
        Assert.Equal(n, p.Requests);
        Assert.Equal(expected.SelectMany(r => v.AsSpan(r * d, d).ToArray()), p.Vectors);
    }
}
