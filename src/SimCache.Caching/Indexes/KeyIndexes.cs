using SimCache.Caching.Configuration;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Indexes;

/// <summary>
/// The key indexes by config name (one line each): <c>exact</c> and <c>hnsw(ef=128)</c>. A builder takes the
/// threads the run allows a cache (0: all cores), so an index whose spec leaves its threads to the run
/// (<c>threads=0</c>) never multiplies a sweep's <c>--jobs</c> by the cores.
/// </summary>
public static class KeyIndexes
{
    /// <summary>The index a cache uses when its spec names none.</summary>
    public const string Default = "exact";

    public static ComponentRegistry<Func<SpecArguments, int, Func<KeyStore, KeyIndex>>> Registry { get; } = new("index", new ComponentInfo<Func<SpecArguments, int, Func<KeyStore, KeyIndex>>>[]
    {
        new("exact",
            [new("candidates", "8", "nearest keys kept per request of a batched lookup"), new("threads", "0", "threads for batched lookups (0: all cores)"),
             new("recall", "0", "share of lookups sampled to check recall against a scan (0: off)"), new("recall_k", "10", "k of recall@k")],
            "brute force over the cached keys (the ground truth); batched lookups by one matrix product",
            (a, available) =>
            {
                int cand = a.Int("candidates", 1, 1024), threads = a.Int("threads", 0, 1024);
                if (threads == 0) threads = available;
                double recall = a.Double("recall", 0, 1);
                int rk = a.Int("recall_k", 1, 1000);
                string d = a.Canonical();
                return store => new ExactIndex(store, cand, threads, recall, rk, d);
            }),
        new("hnsw", HnswOptions.Parameters,
            "USearch HNSW graph, candidates re-ranked by exact distance",
            (a, _) =>
            {
                var o = HnswOptions.Read(a);
                string d = a.Canonical();
                return store => new HnswIndex(store, o.Ef, o.M, o.EfConstruction, o.Candidates, o.Recall, o.RecallK, d);
            }),
    });

    /// <summary>The index builder a spec names for a run that allows <paramref name="threads"/> threads (0: all cores), and its canonical description.</summary>
    public static (Func<KeyStore, KeyIndex> Build, string Description) Resolve(Spec spec, int threads = 0)
    {
        var (info, args) = Registry.Resolve(spec);
        var build = info.Create(args, threads);
        return (build, args.Canonical());
    }
}
