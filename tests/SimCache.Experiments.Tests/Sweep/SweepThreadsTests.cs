using System.Collections.Concurrent;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>
/// Parallelism never nests: points run several at once get one thread each (their caches' <c>threads=0</c>
/// then means one), and a sweep running one point at a time leaves the cache all the cores.
/// </summary>
public class SweepThreadsTests
{
    private sealed class ThreadRecordingRunner : ISweepPointRunner
    {
        private readonly FormulaPointRunner _inner = new();
        public readonly ConcurrentBag<int> Threads = [];

        public string Name => "thread-recording test runner";

        public void Check(SweepPoint point) => _inner.Check(point);

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            Threads.Add(inputs.Threads);
            return _inner.Run(inputs, point, seed, cancel);
        }
    }

    private static ThreadRecordingRunner Sweep(int jobs, int keepPoints = int.MaxValue)
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir, SweepFixtures.Json);
        var runner = new ThreadRecordingRunner();
        SweepEngine.Run(new SweepRequest(name, points.Take(keepPoints).ToList(), seeds.Take(keepPoints).ToList(), SweepFixtures.Inputs, dir.File("out"), jobs, "v1"), runner);
        return runner;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void PointsRunSeveralAtOnceGetOneThreadEach(int jobs)
    {
        var runner = Sweep(jobs);
        Assert.Equal(30, runner.Threads.Count);
        Assert.All(runner.Threads, t => Assert.Equal(1, t));
    }

    [Fact]
    public void OnePointAtATimeLeavesTheCacheAllTheCores()
    {
        var runner = Sweep(1);
        Assert.Equal(30, runner.Threads.Count);
        Assert.All(runner.Threads, t => Assert.Equal(0, t));
    }

    [Fact]
    public void ASingleRunLeftUnderManyJobsKeepsAllTheCores()
    {
        var runner = Sweep(4, keepPoints: 1); // one point, one seed: nothing runs beside it
        Assert.Equal([0], runner.Threads.ToArray());
    }
}
