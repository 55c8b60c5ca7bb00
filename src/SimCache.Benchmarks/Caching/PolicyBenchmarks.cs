using BenchmarkDotNet.Attributes;
using SimCache.Caching.Core;

namespace SimCache.Benchmarks.Caching;

/// <summary>
/// One lookup + update per policy (exact index), at 1k, 10k and 100k keys of d = 200 on clustered requests.
/// Cost-driven policies use C_a(d) = d with C_r = θ, so they serve about the same requests a threshold
/// policy would. static-greedy is built offline over the whole request stream (its set-up, not timed here,
/// scans every request against every candidate; at most 20,000 candidates, so at 100k it places 20k keys).
/// Caches are warmed until full (qlru-dc, inserting with probability q, may stop short: the set-up line in the
/// log says how many keys it held). knn-cache holds <c>capacity</c> of 2·capacity random decoder
/// items and answers k = 10. gmm-placement places half its keys by a 10-component diagonal mixture fitted on
/// the first 2,000 requests (during the warm-up) and runs SIM-LRU in the other half; the timed path is its
/// lookup over both halves plus the SIM-LRU update (no refit).
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private CacheWorkload _w = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Capacity { get; set; }

    [Params("lru", "sim-lru", "cls-lru", "rnd-lru", "qlru-dc", "duel", "static-greedy", "knn-cache", "gmm-placement")]
    public string Policy { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string theta = ClusteredRequests.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string cost = $"cost=power(alpha=1, cr={theta})";
        string spec = Policy switch
        {
            "lru" => $"lru(capacity={Capacity})",
            "sim-lru" or "cls-lru" => $"{Policy}(capacity={Capacity}, threshold={theta})",
            "static-greedy" => $"static-greedy(capacity={Capacity}, threshold={theta}, candidates={Math.Min(4 * Capacity, 20_000)})",
            "knn-cache" => $"knn-cache(capacity={Capacity}, k=10)",
            "gmm-placement" => $"gmm-placement(capacity={Capacity}, threshold={theta}, components=10, cov=diag, window=2000, share=0.5)",
            _ => $"{Policy}(capacity={Capacity}, {cost})",
        };
        bool offline = Policy is "static-greedy" or "knn-cache";
        _w = new CacheWorkload(spec, Capacity, fill: !offline, needsTrace: Policy == "static-greedy", decoderItems: Policy == "knn-cache" ? 2 * Capacity : 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _w.Dispose();

    [Benchmark(OperationsPerInvoke = 16)]
    public int LookupAndUpdate()
    {
        int hits = 0;
        for (int i = 0; i < 16; i++) if (_w.Next() != OutcomeKind.Miss) hits++;
        return hits;
    }
}
