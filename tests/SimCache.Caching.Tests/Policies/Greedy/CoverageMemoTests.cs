using SimCache.Caching.Keys;
using SimCache.Caching.Policies;
using SimCache.Caching.Policies.Greedy;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using SimCache.Data.Progress;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Greedy;

public class CoverageMemoTests
{
    private const int N = 300, D = 64;

    private static (string Path, double Theta) Trace(TempDir dir, int seed, string name = "trace.arrow")
    {
        var (v, theta) = CoverageData.Make(N, D, DistanceMetric.L2, seed);
        string path = dir.File(name);
        TraceFiles.Write(path, v, D);
        return (path, theta);
    }

    private static GreedyCoverage.Placement Choose(string path, int k, double theta, CoverageMemo? memo, int candidates = 0)
    {
        using var store = new KeyStore(D, DistanceMetric.L2, 1);
        return GreedyCoverage.Choose(path, store, k, theta, candidates, NullWorkReporter.Instance, memo);
    }

    private static void Same(GreedyCoverage.Placement expected, GreedyCoverage.Placement actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Covered, actual.Covered);
        Assert.Equal(expected.Vectors, actual.Vectors);
        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(expected.Answers, actual.Answers);
    }

    [Fact]
    public void CapacitiesShareOneBuildAndGetWhatAFreshGreedyPicks()
    {
        using var dir = new TempDir();
        var (path, theta) = Trace(dir, 1);
        var memo = new CoverageMemo(1L << 30);
        foreach (int k in new[] { 5, 40, 20, 40, 1, 300, 500 })
            Same(Choose(path, k, theta, memo: null), Choose(path, k, theta, memo));
        Assert.Equal(1, memo.Builds);
        var all = Choose(path, 500, theta, memo);
        Assert.Equal(N, all.Rows.Length);              // K beyond the candidates: every candidate, once
        Assert.Equal(N, all.Rows.Distinct().Count());
        Assert.Equal(N, all.Covered);
        Assert.Equal(Choose(path, 40, theta, memo).Rows, all.Rows.Take(40));
    }

    [Fact]
    public void AnotherThresholdCandidatesOrFileContentIsAnotherEntry()
    {
        using var dir = new TempDir();
        var (path, theta) = Trace(dir, 2);
        var memo = new CoverageMemo(1L << 30);
        Choose(path, 10, theta, memo);
        Choose(path, 10, theta * 1.5, memo);
        Choose(path, 10, theta, memo, candidates: 50);
        Choose(path, 10, theta, memo, candidates: N); // all requests: the same as candidates = 0
        Assert.Equal(3, memo.Builds);
        // Rewriting the file with other requests must not reuse its old sets.
        var (other, theta2) = Trace(dir, 3, "other.arrow");
        File.Copy(other, path, overwrite: true);
        Same(Choose(path, 10, theta, memo: null), Choose(path, 10, theta, memo));
        Assert.Equal(4, memo.Builds);
        Assert.NotEqual(theta, theta2);
    }

    [Fact]
    public void ConcurrentPointsBuildOnceAndAgreeWithFreshBuilds()
    {
        using var dir = new TempDir();
        var (path, theta) = Trace(dir, 4);
        var memo = new CoverageMemo(1L << 30);
        int[] ks = [3, 50, 7, 120, 50, 1, 90, 3];
        var results = new GreedyCoverage.Placement[ks.Length];
        Parallel.For(0, ks.Length, new ParallelOptions { MaxDegreeOfParallelism = ks.Length }, i => results[i] = Choose(path, ks[i], theta, memo));
        Assert.Equal(1, memo.Builds);
        for (int i = 0; i < ks.Length; i++) Same(Choose(path, ks[i], theta, memo: null), results[i]);
    }

    [Fact]
    public void OverBudgetEntriesAreDroppedAndRebuiltWithTheSameResult()
    {
        using var dir = new TempDir();
        var (path, theta) = Trace(dir, 5);
        var tiny = new CoverageMemo(budgetBytes: 1);
        var first = Choose(path, 30, theta, tiny);
        Assert.Equal(0, tiny.Count);
        var second = Choose(path, 30, theta, tiny);
        Assert.Equal(2, tiny.Builds);
        Same(first, second);
        Same(Choose(path, 30, theta, memo: null), second);
    }

    [Fact]
    public void ABudgetForOneEntryKeepsTheMostRecentlyUsed()
    {
        using var dir = new TempDir();
        var (path, theta) = Trace(dir, 6);
        using var store = new KeyStore(D, DistanceMetric.L2, 1);
        var a = GreedyCoverage.Build(path, store, theta, N, N, NullWorkReporter.Instance);
        var b = GreedyCoverage.Build(path, store, theta * 1.2, N, N, NullWorkReporter.Instance);
        var memo = new CoverageMemo(Math.Max(a.Bytes, b.Bytes) + Math.Min(a.Bytes, b.Bytes) / 2);
        var ka = new CoverageKey("a", D, DistanceMetric.L2, theta, N);
        var kb = new CoverageKey("b", D, DistanceMetric.L2, theta * 1.2, N);
        Assert.Same(a, memo.GetOrBuild(ka, () => a));
        Assert.Same(b, memo.GetOrBuild(kb, () => b));
        Assert.Equal(1, memo.Count);
        Assert.Same(b, memo.GetOrBuild(kb, () => throw new InvalidOperationException("b is held")));
        Assert.Same(a, memo.GetOrBuild(ka, () => a));
        Assert.Equal(3, memo.Builds);
    }

    [Fact]
    public void AFailedBuildIsNotKept()
    {
        var memo = new CoverageMemo(1L << 30);
        var key = new CoverageKey("x", 2, DistanceMetric.L2, 1, 1);
        int calls = 0;
        CoverageSets Fail()
        {
            calls++;
            throw new InvalidOperationException("boom");
        }
        Assert.Throws<InvalidOperationException>(() => memo.GetOrBuild(key, Fail));
        Assert.Equal(0, memo.Count);
        Assert.Throws<InvalidOperationException>(() => memo.GetOrBuild(key, Fail));
        Assert.Equal(2, calls);
    }
}
