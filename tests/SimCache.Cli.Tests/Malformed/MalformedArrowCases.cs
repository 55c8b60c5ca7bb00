namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// Arrow inputs: traces (simulate, sweep, bench replay), decoders (knn-cache, gmm-placement), embeddings
/// (geometry), a data set's interactions and a run folder (train, trace): cut short, of the wrong kind or schema,
/// with NaN, 3e38, a negative user, no rows, timestamps out of order, the wrong dimension, or not Arrow at all.
/// </summary>
public static class MalformedArrowCases
{
    public const string Family = "arrow";

    private const string Lru = "lru(capacity=10)";
    private const string Knn = "knn-cache(capacity=50)";

    private static MalformedCase Trace(string name, Func<CaseFolder, string> write, string? pattern = null, params string[] more) =>
        new(Family, name, 2, c =>
        {
            var t = write(c);
            return new CaseRun(c.Simulate(t, Lru, more), c.Out, [t], pattern);
        });

    private static MalformedCase Forged(string name, Action<ArrowTable> corrupt, string? pattern = null, params string[] more) =>
        Trace(name, c => c.Golden("trace.arrow", corrupt), pattern, more);

    /// <summary><c>trace stats</c> on a trace written by <paramref name="write"/>, into a statistics file in the case folder.</summary>
    private static MalformedCase TraceStats(string name, Func<CaseFolder, string> write, string? pattern = null, params string[] more) =>
        new(Family, name, 2, c =>
        {
            var t = write(c);
            var stats = c.File("stats.json");
            return new CaseRun(["trace", "stats", t, "--out", stats, .. more], stats, [t], pattern);
        });

    private static MalformedCase Decoder(string name, Func<CaseFolder, string> write, string? pattern = null, string cache = Knn) =>
        new(Family, name, 2, c =>
        {
            var d = write(c);
            return new CaseRun(c.Simulate(MalformedInputs.GoldenTrace, cache, "--decoder", d), c.Out, [d], pattern);
        });

    private static MalformedCase ForgedDecoder(string name, Action<ArrowTable> corrupt, string? pattern = null, string cache = Knn) =>
        Decoder(name, c => c.Arrow(MalformedInputs.GoldenDecoder, "decoder.arrow", corrupt), pattern, cache);

    public static string[] Geometry(CaseFolder c, string embeddings) =>
        ["geometry", "--embeddings", embeddings, "--out", c.Out, "--gmm-max", "2", "--gmm-init", "1", "--knn", "5", "--tsne", "0", "--sample", "0", "--threads", "1"];

    private static MalformedCase Embeddings(string name, Func<CaseFolder, string> write, string? pattern = null) =>
        new(Family, name, 2, c =>
        {
            var e = write(c);
            return new CaseRun(Geometry(c, e), c.Out, [e], pattern);
        });

    private static MalformedCase ForgedEmbeddings(string name, Action<ArrowTable> corrupt, string? pattern = null) =>
        Embeddings(name, c => c.Arrow(c.Inputs.Embeddings, "embeddings.arrow", corrupt), pattern);

    private static void Vector(ArrowTable t, int row, int component, float value) => CaseFolder.SetComponent(t, "embedding", row, component, value);

    /// <summary>Makes a fixed-size list column shorter: every row keeps its first <paramref name="size"/> values, and the metadata says so.</summary>
    private static void Shrink(ArrowTable t, string column, int size)
    {
        var c = t[column];
        c.Data = ((float[][])c.Data).Select(r => r[..size]).ToArray();
        c.ListSize = size;
        t.With("simcache.dimension", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string[] Train(CaseFolder c, string data) =>
        ["train", "--data", data, "--out", c.Out, "--epochs", "1", "--hidden", "8", "--latent", "2", "--batch", "100", "--threads", "1"];

    private static string[] TraceRun(CaseFolder c, string run) =>
        ["trace", "--run", run, "--data", c.Inputs.Dataset, "--out", c.File("out.arrow"), "--min-ratings", "10", "--threads", "1"];

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        // Traces that are not (whole) Arrow files.
        Trace("TraceCutInHalf", c => c.Truncated(MalformedInputs.GoldenTrace, "trace.arrow", 0.5)),
        Trace("TraceCutToTwelveBytes", c => c.Truncated(MalformedInputs.GoldenTrace, "trace.arrow", 12)),
        Trace("TraceCutBeforeItsFooter", c => c.Truncated(MalformedInputs.GoldenTrace, "trace.arrow", (int)new FileInfo(MalformedInputs.GoldenTrace).Length - 10)),
        Trace("TraceWithGarbageAppended", c => c.WriteBytes("trace.arrow", [.. File.ReadAllBytes(MalformedInputs.GoldenTrace), .. "trailing garbage"u8.ToArray()])),
        Trace("TraceEmptyFile", c => c.Write("trace.arrow", "")),
        Trace("TraceIsText", c => c.Write("trace.arrow", "user,seq,timestamp,embedding\n1,0,5,0.1\n")),
        Trace("TraceIsJson", c => c.Inputs.Gmm),
        Trace("TraceIsAFolder", c =>
        {
            Directory.CreateDirectory(c.File("trace.arrow"));
            return c.File("trace.arrow");
        }),
        Trace("TraceMissing", c => c.File("no-such-trace.arrow")),
        Trace("TraceIsAnEmbeddingsFile", c => c.Inputs.Embeddings, "trace"),
        Trace("TraceIsADecoderFile", c => MalformedInputs.GoldenDecoder, "trace"),
        Trace("TraceIsADataSetPart", c => Path.Combine(c.Inputs.Dataset, "train.arrow"), "trace"),

        // Traces with the wrong schema or metadata.
        Forged("TraceWithoutKindMetadata", t => t.With("simcache.kind", null), "simcache.kind"),
        Forged("TraceWithUnknownKind", t => t.With("simcache.kind", "requests"), "simcache.kind"),
        Forged("TraceWithoutEmbeddingColumn", t => t.Without("embedding"), "embedding"),
        Forged("TraceWithoutTimestampColumn", t => t.Without("timestamp"), "timestamp"),
        Forged("TraceWithoutUserColumn", t => t.Without("user"), "user"),
        Forged("TraceUserAsInt64", t => t["user"].Data = ((int[])t["user"].Data).Select(u => (long)u).ToArray(), "user"),
        Forged("TraceTimestampAsInt32", t => t["timestamp"].Data = ((long[])t["timestamp"].Data).Select(x => (int)x).ToArray(), "timestamp"),
        Forged("TraceVectorsAsFloat64", t => t["embedding"].Data = ((float[][])t["embedding"].Data).Select(r => r.Select(x => (double)x).ToArray()).ToArray(), "embedding"),
        Forged("TraceDimensionMetadataDisagrees", t => t.With("simcache.dimension", "16"), "dimension"),
        Forged("TraceDimensionMetadataNotANumber", t => t.With("simcache.dimension", "thirty-two"), "dimension"),
        Forged("TraceWithoutDistance", t => t.With("simcache.distance", null), "distance"),
        Forged("TraceWithUnknownDistance", t => t.With("simcache.distance", "manhattan"), "distance"),

        // Traces with bad values.
        Forged("TraceWithNaN", t => Vector(t, 5, 3, float.NaN), "row 5|:5:"),
        Forged("TraceWithInfinity", t => Vector(t, 9, 0, float.NegativeInfinity), "row 9|:9:"),
        Forged("TraceWithHugeComponent", t => Vector(t, 20, 7, 3e38f), "row 20|:20:"),
        new(Family, "TraceWithHugeComponentInASweep", 2, c =>
        {
            var t = c.Golden("trace.arrow", x => Vector(x, 20, 7, 3e38f));
            var e = MalformedExperimentCases.SweepFile(c);
            return new CaseRun(["sweep", e, "--trace", t, "--out", c.Out, "--jobs", "1"], c.Out, [t], "row 20|:20:");
        }),
        new(Family, "TraceWithHugeComponentInABenchReplay", 2, c =>
        {
            var t = c.Golden("trace.arrow", x => Vector(x, 20, 7, 3e38f));
            return new CaseRun(["bench", "replay", "--trace", t, "--cache", Lru, "--rounds", "1", "--from", "memory", "--threads", "1"], c.Out, [t], "row 20|:20:");
        }),
        Forged("TraceWithHugeComponentInACosineTrace", t =>
        {
            t.With("simcache.distance", "cosine");
            Vector(t, 20, 7, 3e38f);
        }, "row 20|:20:"),
        Forged("TraceWithNegativeUser", t => ((int[])t["user"].Data)[7] = -4, "user"),
        Forged("TraceWithZeroRows", t => t.Filter(_ => false), "row|empty|request"),
        Forged("TraceWithTimestampsOutOfOrder", t =>
        {
            var ts = (long[])t["timestamp"].Data;
            ts[100] = ts[0] - 1000;
        }, "timestamp|order"),
        Forged("TraceWithTimestampsOutOfOrderUnderLatencyAndTtl", t =>
        {
            var ts = (long[])t["timestamp"].Data;
            ts[100] = ts[0] - 1000;
        }, "timestamp|order", "--latency", "exp(mean=60)", "--ttl", "3600"),
        new(Family, "TraceWithTimestampsOutOfOrderInASweep", 2, c =>
        {
            var t = c.Golden("trace.arrow", x =>
            {
                var ts = (long[])x["timestamp"].Data;
                ts[100] = ts[0] - 1000;
            });
            var e = MalformedExperimentCases.SweepFile(c);
            return new CaseRun(["sweep", e, "--trace", t, "--out", c.Out, "--jobs", "1"], c.Out, [t], "timestamp|order");
        }),
        Forged("TraceAnswerWithNegativeItem", t => ((int[][])t["answer"].Data)[3][0] = -3, "answer"),

        // Traces described by trace stats.
        TraceStats("TraceStatsOfAMissingTrace", c => c.File("no-such-trace.arrow"), "no such file"),
        TraceStats("TraceStatsOfAFolder", c =>
        {
            Directory.CreateDirectory(c.File("trace.arrow"));
            return c.File("trace.arrow");
        }, "folder"),
        TraceStats("TraceStatsOfATextFile", c => c.Write("trace.arrow", "user,seq,timestamp,embedding\n1,0,5,0.1\n")),
        TraceStats("TraceStatsOfATraceCutInHalf", c => c.Truncated(MalformedInputs.GoldenTrace, "trace.arrow", 0.5)),
        TraceStats("TraceStatsOfAnEmbeddingsFile", c => c.Inputs.Embeddings, "trace"),
        TraceStats("TraceStatsOfATraceWithNaN", c => c.Golden("trace.arrow", t => Vector(t, 5, 3, float.NaN)), "row 5|:5:"),
        TraceStats("TraceStatsOfATraceWithZeroRows", c => c.Golden("trace.arrow", t => t.Filter(_ => false)), "no requests"),
        TraceStats("TraceStatsOfATraceWithTimestampsOutOfOrder", c => c.Golden("trace.arrow", t =>
        {
            var ts = (long[])t["timestamp"].Data;
            ts[100] = ts[0] - 1000;
        }), "timestamp|order"),
        new(Family, "TraceStatsOutIsNotAStatisticsFile", 2, c =>
        {
            var other = c.Write("notes.json", "{ \"mine\": true }");
            return new CaseRun(["trace", "stats", MalformedInputs.GoldenTrace, "--out", other], other, [other], "not a trace statistics file");
        }),
        new(Family, "TraceStatsWithSampleZero", 2, c =>
            new CaseRun(["trace", "stats", MalformedInputs.GoldenTrace, "--out", c.File("stats.json"), "--sample", "0"], c.File("stats.json"), ["--sample"])),

        // Decoders.
        Decoder("DecoderCutInHalf", c => c.Truncated(MalformedInputs.GoldenDecoder, "decoder.arrow", 0.5)),
        Decoder("DecoderIsText", c => c.Write("decoder.arrow", "item,weight\n0,0.5\n")),
        Decoder("DecoderMissing", c => c.File("no-such-decoder.arrow")),
        Decoder("DecoderIsATrace", c => MalformedInputs.GoldenTrace, "decoder"),
        ForgedDecoder("DecoderOfTheWrongDimension", t => Shrink(t, "weight", 16), "dimension"),
        ForgedDecoder("DecoderOfTheWrongDimensionForGmmPlacement", t => Shrink(t, "weight", 16), "dimension", "gmm-placement(capacity=50, threshold=4, window=500)"),
        ForgedDecoder("DecoderWithNaNWeight", t => CaseFolder.SetComponent(t, "weight", 17, 2, float.NaN), "row 17|:17:"),
        ForgedDecoder("DecoderWithHugeWeight", t => CaseFolder.SetComponent(t, "weight", 17, 2, 3e38f), "row 17|:17:"),
        ForgedDecoder("DecoderWithNaNBias", t => ((float[])t["bias"].Data)[4] = float.NaN, "bias"),
        ForgedDecoder("DecoderWithZeroRows", t => t.Filter(_ => false), "item|row|empty"),
        ForgedDecoder("DecoderWithItemsOutOfOrder", t => (((int[])t["item"].Data)[0], ((int[])t["item"].Data)[1]) = (1, 0), "item"),
        ForgedDecoder("DecoderOfAnotherItemSet", t => t.Filter(i => i < 100), "item"),
        new(Family, "DecoderOfAnotherDimensionAndRun", 2, c =>
            new CaseRun(c.Simulate(c.Inputs.RecVaeTrace, "knn-cache(capacity=20)", "--decoder", MalformedInputs.GoldenDecoder), c.Out, [MalformedInputs.GoldenDecoder], "dimension|different (runs|data sets|item sets)")),
        new(Family, "DecoderOfAnotherRunOnTheSameData", 2, c =>
        {
            var decoder = Path.Combine(c.Inputs.RecVaeRun, "decoder.arrow");
            return new CaseRun(c.Simulate(c.Inputs.MultVaeTrace, "knn-cache(capacity=20)", "--decoder", decoder), c.Out, [decoder], "run|model");
        }),
        new(Family, "DecoderOfTheWrongDimensionInASweep", 2, c =>
        {
            var d = c.Arrow(MalformedInputs.GoldenDecoder, "decoder.arrow", t => Shrink(t, "weight", 16));
            var e = MalformedExperimentCases.SweepFile(c, MalformedExperimentCases.WithCache(MalformedExperimentCases.BaseSweepText, """{ "policy": "knn-cache", "capacity": 50 }"""));
            return new CaseRun(["sweep", e, "--trace", MalformedInputs.GoldenTrace, "--decoder", d, "--out", c.Out, "--jobs", "1"], c.Out, [d], "dimension");
        }),

        // Embeddings (geometry).
        Embeddings("EmbeddingsCutInHalf", c => c.Truncated(c.Inputs.Embeddings, "embeddings.arrow", 0.5)),
        Embeddings("EmbeddingsIsText", c => c.Write("embeddings.arrow", "this is not an Arrow file")),
        Embeddings("EmbeddingsMissing", c => c.File("no-such-embeddings.arrow")),
        Embeddings("EmbeddingsIsATrace", c => MalformedInputs.GoldenTrace, "embeddings"),
        ForgedEmbeddings("EmbeddingsWithNaN", t => Vector(t, 11, 1, float.NaN), "row 11|:11:"),
        ForgedEmbeddings("EmbeddingsWithHugeComponent", t => Vector(t, 11, 1, 3e38f), "row 11|:11:"),
        ForgedEmbeddings("EmbeddingsWithZeroRows", t => t.Filter(_ => false), "row|empty"),
        ForgedEmbeddings("EmbeddingsWithOneRow", t => t.Filter(i => i == 0), "row|point"),
        ForgedEmbeddings("EmbeddingsWithNegativeUser", t => ((int[])t["user"].Data)[3] = -2, "user"),
        ForgedEmbeddings("EmbeddingsWithoutUserIdColumn", t => t.Without("user_id"), "user_id"),
        ForgedEmbeddings("EmbeddingsDimensionMetadataDisagrees", t => t.With("simcache.dimension", "5"), "dimension"),

        // A data set's interactions and a run folder.
        new(Family, "DataSetTrainPartCutInHalf", 2, c =>
        {
            var data = c.CopyFolder(c.Inputs.Dataset, "dataset");
            var part = Path.Combine(data, "train.arrow");
            File.WriteAllBytes(part, File.ReadAllBytes(part)[..(int)(new FileInfo(part).Length / 2)]);
            return new CaseRun(Train(c, data), c.Out, [part]);
        }),
        new(Family, "DataSetTrainPartIsATrace", 2, c =>
        {
            var data = c.CopyFolder(c.Inputs.Dataset, "dataset");
            var part = Path.Combine(data, "train.arrow");
            File.Copy(MalformedInputs.GoldenTrace, part, overwrite: true);
            return new CaseRun(Train(c, data), c.Out, [part], "interactions");
        }),
        new(Family, "DataSetWithoutTestPart", 2, c =>
        {
            var data = c.CopyFolder(c.Inputs.Dataset, "dataset");
            File.Delete(Path.Combine(data, "test_te.arrow"));
            return new CaseRun(Train(c, data), c.Out, [Path.Combine(data, "test_te.arrow")]);
        }),
        new(Family, "DataSetManifestNotJson", 2, c =>
        {
            var data = c.CopyFolder(c.Inputs.Dataset, "dataset");
            File.WriteAllText(Path.Combine(data, "dataset.json"), "{ \"counts\": ");
            return new CaseRun(Train(c, data), c.Out, [Path.Combine(data, "dataset.json")]);
        }),
        new(Family, "RunModelCutInHalf", 2, c =>
        {
            var run = c.CopyFolder(c.Inputs.RecVaeRun, "run");
            var model = Path.Combine(run, "model.bin");
            File.WriteAllBytes(model, File.ReadAllBytes(model)[..(int)(new FileInfo(model).Length / 2)]);
            return new CaseRun(TraceRun(c, run), c.File("out.arrow"), [model]);
        }),
        new(Family, "RunWithoutMetrics", 2, c =>
        {
            var run = c.CopyFolder(c.Inputs.RecVaeRun, "run");
            File.Delete(Path.Combine(run, "metrics.json"));
            return new CaseRun(TraceRun(c, run), c.File("out.arrow"), [run, "metrics.json"]);
        }),
    ];
}
