using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// lru's <c>threads=0</c> is what the run allows (<see cref="CacheContext.Threads"/>: one per point when a sweep
/// runs several at once, else all cores); a spec that names a count gets it whatever the run.
/// </summary>
public class LruThreadsTests
{
    private static int Threads(string spec, int contextThreads)
    {
        using var cache = CacheFactory.Create(spec, new CacheContext { Dimension = 4, Threads = contextThreads });
        return ((LruPolicy)cache.Policy).Threads;
    }

    [Fact]
    public void ThreadsZeroTakesWhatTheRunAllows()
    {
        Assert.Equal(1, Threads("lru(capacity=8)", contextThreads: 1));
        Assert.Equal(1, Threads("lru(capacity=8, threads=0)", contextThreads: 1));
        Assert.Equal(3, Threads("lru(capacity=8)", contextThreads: 3));
        Assert.Equal(Environment.ProcessorCount, Threads("lru(capacity=8)", contextThreads: 0));
    }

    [Fact]
    public void AnExplicitCountWinsOverTheRun()
    {
        Assert.Equal(3, Threads("lru(capacity=8, threads=3)", contextThreads: 1));
        Assert.Equal(2, Threads("lru(capacity=8, threads=2)", contextThreads: 0));
    }

    [Fact]
    public void TheDescriptionDoesNotDependOnTheRun()
    {
        using var alone = CacheFactory.Create("lru(capacity=8)", new CacheContext { Dimension = 4 });
        using var inSweep = CacheFactory.Create("lru(capacity=8)", new CacheContext { Dimension = 4, Threads = 1 });
        Assert.Equal(alone.Description, inSweep.Description); // results are keyed by it: the same for any --jobs
    }

    [Fact]
    public void AnExactIndexLeftToTheRunTakesItsThreadsToo()
    {
        static int IndexThreads(string spec, int contextThreads)
        {
            using var cache = CacheFactory.Create(spec, new CacheContext { Dimension = 4, Threads = contextThreads });
            return ((SimCache.Caching.Indexes.ExactIndex)cache.Policy.Store!.Index!).Threads;
        }
        Assert.Equal(1, IndexThreads("sim-lru(capacity=8, threshold=1)", contextThreads: 1));
        Assert.Equal(2, IndexThreads("sim-lru(capacity=8, threshold=1)", contextThreads: 2));
        Assert.Equal(3, IndexThreads("sim-lru(capacity=8, threshold=1, index=exact(threads=3))", contextThreads: 1)); // asked for: kept
        Assert.Equal(Environment.ProcessorCount, IndexThreads("sim-lru(capacity=8, threshold=1)", contextThreads: 0));
    }
}
