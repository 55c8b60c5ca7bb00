namespace SimCache.Experiments.Config;

/// <summary>
/// The keys <c>experiments.json</c> accepts, object by object. The loader reads through these lists and the
/// JSON Schema (<c>experiments.schema.json</c>) must list the same keys; a test holds the two together, so an
/// editor's completion never offers a key the tool refuses, nor misses one it accepts. The dictionary keys
/// are the schema's <c>$defs</c> names (<c>root</c> is the top level).
/// </summary>
public static class ExperimentFileKeys
{
    public static readonly string[] Root = ["$schema", "experiments"];
    public static readonly string[] Experiment = ["name", "description", "data", "training", "trace", "geometry", "sweep"];
    public static readonly string[] Data = ["synthetic", "dataset", "file", "protocol"];
    public static readonly string[] Synthetic = ["preset", "seed", "users", "items", "clusters"];
    public static readonly string[] File = ["path", "format", "columns", "name", "download"];
    public static readonly string[] Protocol = ["threshold", "min_user_items", "min_item_users", "heldout", "seed"];
    public static readonly string[] Training = ["model", "epochs", "gamma", "beta", "batch", "lr", "hidden", "latent", "dropout", "seed", "threads"];
    public static readonly string[] Trace = ["min_ratings", "warmup", "every", "answers", "future"];
    public static readonly string[] Geometry = ["sample", "seed", "gmm_max", "gmm_cov", "gmm_space", "gmm_variance", "gmm_init", "knn", "tsne", "umap", "umap_neighbors"];
    public static readonly string[] Sweep = ["caches", "seeds", "simulator"];
    public static readonly string[] Simulator = ["index", "latency", "ttl", "arrivals", "warmup", "window"];
    public static readonly string[] Range = ["from", "to", "steps", "scale", "integer", "relative", "values"];

    /// <summary>The fixed keys of a cache entry; every other key of the entry is a policy parameter.</summary>
    public static readonly string[] Cache = ["policy", "simulator"];

    public static IReadOnlyDictionary<string, string[]> BySchemaDefinition { get; } = new Dictionary<string, string[]>
    {
        ["root"] = Root, ["experiment"] = Experiment, ["data"] = Data, ["synthetic"] = Synthetic, ["file"] = File,
        ["protocol"] = Protocol, ["training"] = Training, ["trace"] = Trace, ["geometry"] = Geometry, ["sweep"] = Sweep,
        ["simulator"] = Simulator, ["range"] = Range, ["cache"] = Cache,
    };
}
