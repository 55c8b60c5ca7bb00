using SimCache.Caching.Configuration;

namespace SimCache.Caching.Indexes;

/// <summary>The parameters of an <c>hnsw(...)</c> index spec, shared by key indexes and the k-NN cache's item indexes.</summary>
public readonly record struct HnswOptions(int Ef, int M, int EfConstruction, int Candidates, double Recall, int RecallK)
{
    public static IReadOnlyList<ParameterInfo> Parameters { get; } =
    [
        new("ef", "64", "search expansion (USearch expansion_search)"),
        new("m", "16", "graph connectivity"),
        new("ef_construction", "128", "insert expansion (USearch expansion_add)"),
        new("candidates", "16", "graph candidates re-ranked exactly per lookup"),
        new("recall", "0", "share of lookups sampled to measure recall against brute force (0: off)"),
        new("recall_k", "10", "k of recall@k"),
    ];

    /// <summary>Reads the options from checked <c>hnsw</c> arguments.</summary>
    public static HnswOptions Read(SpecArguments a) => new(
        a.Int("ef", 1, 1 << 20), a.Int("m", 2, 1024), a.Int("ef_construction", 1, 1 << 20), a.Int("candidates", 1, 1 << 16),
        a.Double("recall", 0, 1), a.Int("recall_k", 1, 1000));
}
