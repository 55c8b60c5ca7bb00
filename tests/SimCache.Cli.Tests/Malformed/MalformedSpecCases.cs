namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// Cache, cost, index, latency and arrival specs and the replay's options, on the golden trace (d = 32, 1,267
/// requests), plus the option values of the other commands that have misled before. Each refusal names the
/// parameter or option and says what is wrong in the user's terms.
/// </summary>
public static class MalformedSpecCases
{
    public const string Family = "spec";

    private const string TooBig = @"(?i)memory|bytes|[KMGT]i?B\b|at most|too (large|big)|exceeds|maximum";

    /// <summary>A number beyond what the parameter can hold: either its memory or its range may be named.</summary>
    private const string TooBigOrOutOfRange = TooBig + "|out of range";

    private static MalformedCase Cache(string name, string spec, string[] names, string? pattern = null, string? forbidden = null, params string[] more) =>
        new(Family, name, 2, c => new CaseRun(c.Simulate(MalformedInputs.GoldenTrace, spec, more), c.Out, names, pattern, forbidden));

    /// <summary>A replay option's value; the message must name the option or the parameter of its spec (<paramref name="field"/>).</summary>
    private static MalformedCase Option(string name, string option, string value, string? field = null, string? pattern = null) =>
        new(Family, name, 2, c => new CaseRun(c.Simulate(MalformedInputs.GoldenTrace, "lru(capacity=10)", option, value), c.Out, [],
            pattern is null ? Field(option, field) : $"(?s)({Field(option, field)}).*({pattern})|({pattern}).*({Field(option, field)})"));

    private static string Field(string option, string? field) => System.Text.RegularExpressions.Regex.Escape(option) + (field is null ? "" : "|" + field);

    /// <summary><paramref name="args"/> with <paramref name="option"/> set to <paramref name="value"/> (replaced where the base gives it).</summary>
    private static string[] With(string[] args, string option, string value)
    {
        int at = Array.IndexOf(args, option);
        if (at < 0) return [.. args, option, value];
        var copy = args.ToArray();
        copy[at + 1] = value;
        return copy;
    }

    private static MalformedCase Command(string name, Func<CaseFolder, string[]> args, string[] names, string? pattern = null, string? forbidden = null) =>
        new(Family, name, 2, c => new CaseRun(args(c), c.Out, names, pattern, forbidden));

    private static string[] Geometry(CaseFolder c, string option, string value) => With(MalformedArrowCases.Geometry(c, c.Inputs.Embeddings), option, value);

    private static string[] Train(CaseFolder c, string option, string value) =>
        With(["train", "--data", c.Inputs.Dataset, "--out", c.Out, "--epochs", "1", "--hidden", "8", "--latent", "2", "--batch", "100", "--threads", "1"], option, value);

    private static string[] Trace(CaseFolder c, string option, string value) =>
        With(["trace", "--run", c.Inputs.RecVaeRun, "--data", c.Inputs.Dataset, "--out", c.Out, "--threads", "1"], option, value);

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        // The cache spec.
        Cache("CacheEmpty", "", ["cache"]),
        Cache("CachePolicyUnknown", "no-such-policy(capacity=3)", ["no-such-policy"], "sim-lru"),
        Cache("CacheParameterMisspelled", "sim-lru(capacity=10, treshold=0.5)", ["treshold"]),
        Cache("CacheCapacityMissing", "lru()", ["capacity"]),
        Cache("CacheThresholdMissing", "sim-lru(capacity=10)", ["threshold"]),
        Cache("CacheCapacityZero", "lru(capacity=0)", ["capacity"]),
        Cache("CacheCapacityNegative", "lru(capacity=-5)", ["capacity"]),
        Cache("CacheCapacityOfATrillion", "lru(capacity=1e12)", ["capacity"], TooBigOrOutOfRange, "must be an integer"),
        Cache("CacheCapacityLots", "lru(capacity=lots)", ["capacity"]),
        Cache("CacheCapacityFraction", "lru(capacity=10.5)", ["capacity"]),
        Cache("CacheCapacityOfTwoBillionVectors", "lru(capacity=2000000000)", ["capacity"], TooBig),
        Cache("CacheCapacityOfIntMax", "sim-lru(capacity=2147483647, threshold=1)", ["capacity"], TooBig),
        Cache("CacheThresholdNaN", "sim-lru(capacity=10, threshold=NaN)", ["threshold"]),
        Cache("CacheThresholdInfinity", "sim-lru(capacity=10, threshold=Infinity)", ["threshold"]),
        Cache("CacheThresholdNegative", "sim-lru(capacity=10, threshold=-1)", ["threshold"]),
        Cache("CacheThresholdText", "sim-lru(capacity=10, threshold=far)", ["threshold"]),
        Cache("CacheParameterGivenTwice", "lru(capacity=10, capacity=20)", ["capacity"]),
        Cache("CacheUnbalancedParenthesis", "lru(capacity=10", ["lru(capacity=10"], "\\)"),
        Cache("CacheParameterWithoutValue", "lru(capacity)", ["capacity"]),
        Cache("CacheInnerThresholdAboveThreshold", "cls-lru(capacity=10, threshold=1, inner=5)", ["inner"]),
        Cache("CacheKnnZeroNeighbours", "knn-cache(capacity=50, k=0)", ["k"], null, null, "--decoder", MalformedInputs.GoldenDecoder),
        Cache("CacheQlruProbabilityAboveOne", "qlru-dc(capacity=10, q=2)", ["q"]),
        Cache("CacheRndLruNegativeGamma", "rnd-lru(capacity=10, gamma=-1)", ["gamma"]),
        Cache("CacheDuelBetaAboveOne", "duel(capacity=10, beta=1.5)", ["beta"]),
        Cache("CacheGmmShareAboveOne", "gmm-placement(capacity=50, threshold=4, share=1.5)", ["share"], null, null, "--decoder", MalformedInputs.GoldenDecoder),
        Cache("CacheGmmZeroComponents", "gmm-placement(capacity=50, threshold=4, components=0)", ["components"], null, null, "--decoder", MalformedInputs.GoldenDecoder),
        Cache("CacheGmmUnknownCovariance", "gmm-placement(capacity=50, threshold=4, cov=banded)", ["cov"], null, null, "--decoder", MalformedInputs.GoldenDecoder),
        Cache("CacheKnnWithoutDecoder", "knn-cache(capacity=50)", ["--decoder"]),

        // Cost specs.
        Cache("CostUnknown", "lru(capacity=10, cost=bogus)", ["bogus"]),
        Cache("CostNegativeAlpha", "lru(capacity=10, cost=power(alpha=-1,cr=10))", ["alpha"]),
        Cache("CostZeroRetrievalCost", "lru(capacity=10, cost=power(alpha=1,cr=0))", ["cr"]),
        Cache("CostNaNRetrievalCost", "lru(capacity=10, cost=power(alpha=1,cr=NaN))", ["cr"]),
        Cache("CostThresholdWithoutTheta", "lru(capacity=10, cost=threshold(cr=1))", ["theta"]),
        Cache("CostUnknownParameter", "lru(capacity=10, cost=power(alpha=1,beta=2))", ["beta"]),

        // Index specs.
        Option("IndexUnknown", "--index", "faiss", "index"),
        Option("IndexHnswZeroEf", "--index", "hnsw(ef=0)", "ef"),
        Cache("IndexInTheCacheSpecUnknown", "sim-lru(capacity=10, threshold=1, index=annoy)", ["index"]),

        // Latency, arrivals and the replay's options.
        Option("LatencyNegativeMean", "--latency", "exp(mean=-1)", "mean"),
        Option("LatencyUniformMinAboveMax", "--latency", "uniform(min=5, max=1)", "min|max"),
        Option("LatencyWord", "--latency", "fast"),
        Option("LatencyNaN", "--latency", "NaN"),
        Option("LatencyNegativeConstant", "--latency", "-3"),
        Option("ArrivalsZeroRate", "--arrivals", "poisson(rate=0)", "rate"),
        Option("ArrivalsUnknown", "--arrivals", "burst"),
        Option("TtlNegative", "--ttl", "-1"),
        Option("TtlZero", "--ttl", "0"),
        Option("TtlNaN", "--ttl", "NaN"),
        Option("WarmupNegative", "--warmup", "-1"),
        Option("WarmupEqualToTheTraceLength", "--warmup", "1267", null, "1,?267|trace"),
        Option("WarmupBeyondTheTrace", "--warmup", "5000", null, "1,?267|trace"),
        Option("WindowZero", "--window", "0"),
        Option("TopNNegative", "--top-n", "-1"),
        Option("BlockZero", "--block", "0"),
        Option("LimitZero", "--limit", "0"),
        Option("SeedNotANumber", "--seed", "abc"),

        // Other commands' options.
        Command("BenchReplayUnknownPolicy", c => ["bench", "replay", "--trace", MalformedInputs.GoldenTrace, "--cache", "no-such(capacity=1)", "--rounds", "1", "--from", "memory"], ["no-such"]),
        Command("BenchReplayZeroRounds", c => ["bench", "replay", "--trace", MalformedInputs.GoldenTrace, "--cache", "lru(capacity=10)", "--rounds", "0"], ["--rounds"]),
        Command("BenchTrainZeroEpochs", c => ["bench", "train", "--data", c.Inputs.Dataset, "--epochs", "0"], ["--epochs"]),
        Command("BenchTrainZeroThreads", c => ["bench", "train", "--data", c.Inputs.Dataset, "--threads", "0"], ["--threads"]),
        Command("BenchTrainMissingDataFolder", c => ["bench", "train", "--data", Path.Combine(c.Out, "no-such-data")], ["no-such-data"]),
        Command("BenchRepeatNegativeRequests", c => ["bench", "repeat", "--trace", MalformedInputs.GoldenTrace, "--out", c.Out, "--requests", "-5"], ["--requests"]),
        Command("PrepareNegativeSeed", c => MalformedCsvCases.Prepare(c, "movielens-csv", c.Inputs.RatingsCsv, "--seed", "-1"), ["--seed"], null, @"Nullable|UInt32"),
        Command("PrepareThresholdWord", c => MalformedCsvCases.Prepare(c, "movielens-csv", c.Inputs.RatingsCsv, "--threshold", "high"), ["--threshold"]),
        Command("PrepareHeldoutZero", c => MalformedCsvCases.Prepare(c, "movielens-csv", c.Inputs.RatingsCsv, "--heldout", "0"), ["--heldout"]),
        Command("PrepareNegativeMinUserItems", c => MalformedCsvCases.Prepare(c, "movielens-csv", c.Inputs.RatingsCsv, "--min-user-items", "-1"), ["--min-user-items"]),
        Command("PrepareUnknownFormat", c => MalformedCsvCases.Prepare(c, "movielens-xml", c.Inputs.RatingsCsv), ["--format"]),
        Command("SynthZeroUsers", c => ["data", "synth", "--users", "0", "--out", c.Out], ["--users"]),
        Command("SynthZeroItems", c => ["data", "synth", "--users", "50", "--items", "0", "--out", c.Out], ["--items"]),
        Command("TrainZeroEpochs", c => Train(c, "--epochs", "0"), ["--epochs"]),
        Command("TrainDropoutAboveOne", c => Train(c, "--dropout", "1.5"), ["--dropout"]),
        Command("TrainZeroLatent", c => Train(c, "--latent", "0"), ["--latent"]),
        Command("TrainHiddenOfAHundredMillion", c => Train(c, "--hidden", "100000000"), ["--hidden"], TooBig),
        Command("TrainNegativeLearningRate", c => Train(c, "--lr", "-0.1"), ["--lr"]),
        Command("TraceOptionWarmupAboveOne", c => Trace(c, "--warmup", "1.5"), ["--warmup"]),
        Command("TraceOptionEveryZero", c => Trace(c, "--every", "0"), ["--every"]),
        Command("TraceOptionNegativeAnswers", c => Trace(c, "--answers", "-1"), ["--answers"]),
        Command("GeometryTooFewNeighbours", c => Geometry(c, "--knn", "1"), ["--knn"]),
        Command("GeometryZeroMixtures", c => Geometry(c, "--gmm-max", "0"), ["--gmm-max"]),
        Command("GeometryNegativeSample", c => Geometry(c, "--sample", "-1"), ["--sample"]),
        Command("GeometryUmapOneNeighbour", c => [.. Geometry(c, "--tsne", "50"), "--umap", "--umap-neighbors", "1"], ["--umap-neighbors"]),
        Command("GeometryUmapNeighboursBeyondTheRange", c => [.. Geometry(c, "--tsne", "50"), "--umap", "--umap-neighbors", "201"], ["--umap-neighbors"], "200"),
        Command("GeometryUmapNeighboursWord", c => [.. Geometry(c, "--tsne", "50"), "--umap", "--umap-neighbors", "many"], ["--umap-neighbors"]),
        Command("GeometryUmapWithoutMapPoints", c => [.. Geometry(c, "--tsne", "0"), "--umap"], ["--umap", "--tsne"]),
    ];
}
