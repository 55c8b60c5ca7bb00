using BenchmarkDotNet.Attributes;
using SimCache.Caching.Core;

namespace SimCache.Benchmarks.Caching;

/// <summary>
/// One lookup + update of SIM-LRU per index, at 1k, 10k and 100k keys of d = 200 on clustered requests: the
/// exact index one request at a time, the exact index in blocks of 64 requests (one matrix product on all
/// cores, exact sequential semantics; the time shown is per request), and USearch HNSW (ef = 64).
/// </summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    private CacheWorkload _w = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Capacity { get; set; }

    [Params("exact", "exact-block64", "hnsw")]
    public string Index { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string index = Index == "hnsw" ? "hnsw(ef=64)" : "exact";
        _w = new CacheWorkload($"sim-lru(capacity={Capacity}, threshold={ClusteredRequests.Threshold}, index={index})", Capacity);
    }

    [GlobalCleanup]
    public void Cleanup() => _w.Dispose();

    [Benchmark(OperationsPerInvoke = 64)]
    public int LookupAndUpdate()
    {
        if (Index == "exact-block64") return _w.NextBlock(64);
        int hits = 0;
        for (int i = 0; i < 64; i++) if (_w.Next() != OutcomeKind.Miss) hits++;
        return hits;
    }
}
