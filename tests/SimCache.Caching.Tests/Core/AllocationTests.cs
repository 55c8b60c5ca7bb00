using SimCache.Caching.Core;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Caching.Tests.Core;

/// <summary>
/// The replay-facing API allocates nothing per request: after one warm-up pass (buffers reach their size), a
/// second pass over the trace — lookups, served answers, admissions, lookup blocks — allocates zero bytes.
/// </summary>
public class AllocationTests
{
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));
    private static readonly Lazy<DecoderWeights> Decoder = new(() => DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder));

    [Theory]
    [InlineData("lru(capacity=32)")]
    [InlineData("sim-lru(capacity=32, threshold=0.5)")]
    [InlineData("sim-lru(capacity=32, threshold=0.5, index=hnsw)")]
    [InlineData("cls-lru(capacity=32, threshold=0.5)")]
    [InlineData("rnd-lru(capacity=32)")]
    [InlineData("qlru-dc(capacity=32, q=0.3)")]
    [InlineData("duel(capacity=32, cost=power(alpha=1, cr=0.6))")]
    [InlineData("static-greedy(capacity=32, threshold=0.5)")]
    [InlineData("gmm-placement(capacity=32, threshold=0.9, window=300, share=0.5)")]
    [InlineData("gmm-placement(capacity=32, threshold=0.9, window=300, index=hnsw)")]
    [InlineData("knn-cache(capacity=60, cf=0.01)")]
    [InlineData("knn-cache(capacity=60, cf=0.01, index=hnsw)")]
    public void AReplayPassAllocatesNothing(string spec)
    {
        var t = Trace.Value;
        using var cache = Replay.Create(spec, t, answers: 10, decoder: Decoder.Value);
        Pass(cache, t);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long served = Pass(cache, t);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(served > 0);
    }

    [Fact]
    public void BlockedLookupsOnAllCoresAllocateNothing()
    {
        const int d = 200, n = 64 * 47;
        var v = Synth.Clustered(n, d, 20, 9);
        using var cache = CacheFactory.Create("sim-lru(capacity=1000, threshold=0.5)", new CacheContext { Dimension = d });
        void Run()
        {
            for (int start = 0; start < n; start += 64)
            {
                cache.BeginBlock(v.AsSpan(start * d, 64 * d), 64);
                for (int r = 0; r < 64; r++) cache.Process(new CacheRequest(r, start + r, v.AsSpan((start + r) * d, d), default, r));
            }
        }
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WaitingForWorkersAllocatesNothingEvenWhenTheWaitBlocks()
    {
        // The workers sleep, so the caller's waits really block (a CountdownEvent allocated its lock object the
        // first time that happened, which made the blocked-lookup test above fail now and then).
        using var workers = new SimCache.Caching.Indexes.PartitionWorkers(3);
        int done = 0;
        Action<int> body = part => { if (part > 0) Thread.Sleep(3); Interlocked.Increment(ref done); };
        long before = GC.GetAllocatedBytesForCurrentThread(); // from the very first wait, which blocks
        for (int i = 0; i < 6; i++)
        {
            workers.Run(body);
            workers.Begin(body);
            Assert.False(workers.Finished); // the workers are still asleep
            workers.Join();
            Assert.True(workers.Finished);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(6 * 3 + 6 * 2, done); // Run: 3 parts each; Begin: the 2 workers only
    }

    [Fact]
    public void AWorkerFailureReachesTheCallerAndTheWorkersGoOn()
    {
        using var workers = new SimCache.Caching.Indexes.PartitionWorkers(2);
        workers.Begin(part => throw new InvalidOperationException("part " + part));
        var e = Assert.Throws<AggregateException>(workers.Join);
        Assert.Equal("part 1", e.InnerException!.Message);
        Assert.Throws<InvalidOperationException>(() => { workers.Begin(_ => Thread.Sleep(20)); workers.Run(_ => { }); });
        workers.Join();
        int ran = 0;
        workers.Run(_ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("hnsw")]
    public void AKnnCacheOverALargeCatalogueAllocatesNothing(string index)
    {
        var t = Trace.Value;
        using var dir = new TempDir();
        string path = dir.File("decoder.arrow");
        var w = Synth.Gaussian(6000, t.Dimension, 12, scale: 0.2);
        using (var writer = new DecoderFileWriter(path, t.Dimension, SimCache.Data.IO.Provenance.For("test", 12)))
        {
            for (int i = 0; i < 6000; i++) writer.Append(i, "i" + i, w.AsSpan(i * t.Dimension, t.Dimension), 0);
            writer.Complete();
        }
        using var cache = Replay.Create($"knn-cache(capacity=3000, cf=0.01, index={index})", t, decoder: DecoderFileReader.ReadAll(path));
        Pass(cache, t);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pass(cache, t);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static long Pass(SimilarityCache cache, TraceData t)
    {
        long served = 0;
        int d = t.Dimension;
        for (int start = 0; start < t.Count; start += 64)
        {
            int rows = Math.Min(64, t.Count - start);
            cache.BeginBlock(t.Vectors.AsSpan(start * d, rows * d), rows);
            for (int r = start; r < start + rows; r++)
            {
                var request = new CacheRequest(t.Users[r], t.Times[r], t.Vector(r), t.Answers[r], r - start);
                var o = cache.Lookup(request);
                served += cache.ServedAnswer(o).Length;
                cache.Admit(request, o);
            }
        }
        return served;
    }
}
