namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// experiments.json: syntax errors, trailing commas, wrong types, unknown keys, bad values and ranges, missing
/// required parameters and inputs. Most run through <c>sweep</c> on the golden trace; the <c>Run…</c> cases go
/// through <c>run</c>, whose stages (train, trace) must not start when a sweep point is bad. Each refusal names the
/// file and the JSON path, and nothing appears at <c>--out</c>.
/// </summary>
public static class MalformedExperimentCases
{
    public const string Family = "experiments";

    /// <summary>A valid file: two caches (lru, sim-lru) over a small grid, one seed.</summary>
    public const string BaseSweepText = """
        {
          "experiments": [
            {
              "name": "m",
              "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3, "seed": 5 } },
              "sweep": {
                "caches": [ { "policy": "lru", "capacity": [10, 100] }, { "policy": "sim-lru", "capacity": 10, "threshold": [0.5, 1] } ],
                "seeds": [1]
              }
            }
          ]
        }
        """;

    private const string Caches = "experiments[0].sweep.caches";

    public static string SweepFile(CaseFolder c, string? text = null) => c.Write("experiments.json", text ?? BaseSweepText);

    /// <summary>Adds a cache entry before the sim-lru one.</summary>
    public static string WithCache(string text, string cache) => Edit(text, """{ "policy": "sim-lru",""", cache + """, { "policy": "sim-lru",""");

    /// <summary>Replaces text that must be there (a case whose edit missed would test the valid file).</summary>
    public static string Edit(string text, string find, string replace) =>
        text.Contains(find, StringComparison.Ordinal) ? text.Replace(find, replace, StringComparison.Ordinal)
            : throw new InvalidOperationException($"'{find}' is not in the experiments text");

    public static string[] SweepArgs(CaseFolder c, string file, params string[] more) =>
        ["sweep", file, "--trace", MalformedInputs.GoldenTrace, "--out", c.Out, "--jobs", "1", .. more];

    /// <summary>A valid <c>run</c> file: the suite's prepared data set, one epoch of RecVAE, its trace, and the sweep.</summary>
    public static string RunText(CaseFolder c) => $$"""
        {
          "experiments": [
            {
              "name": "r",
              "data": { "dataset": "{{c.Inputs.Dataset}}" },
              "training": { "epochs": 1, "hidden": 16, "latent": 4, "batch": 100, "threads": 1, "seed": 2 },
              "trace": { "min_ratings": 10, "warmup": 0.5, "every": 4, "answers": 10, "future": 10 },
              "sweep": {
                "caches": [ { "policy": "lru", "capacity": [10, 100] }, { "policy": "sim-lru", "capacity": 10, "threshold": [0.5, 1] } ],
                "seeds": [1]
              }
            }
          ]
        }
        """;

    /// <summary>A sweep case: the edited base file; the refusal names the file and <paramref name="at"/> (a JSON path or option).</summary>
    private static MalformedCase Sweep(string name, Func<string, string> edit, string? at, string? pattern = null, string? forbidden = null, string[]? more = null) =>
        new(Family, name, 2, c =>
        {
            var f = SweepFile(c, edit(BaseSweepText));
            return new CaseRun(SweepArgs(c, f, more ?? []), c.Out, at is null ? [f] : [f, at], pattern, forbidden);
        });

    private static MalformedCase Run(string name, Func<string, string> edit, string? at, string? pattern = null, string? forbidden = null) =>
        new(Family, name, 2, c =>
        {
            var f = c.Write("experiments.json", edit(RunText(c)));
            return new CaseRun(["run", f, "--out", c.Out, "--jobs", "1"], c.Out, at is null ? [f] : [f, at], pattern, forbidden);
        });

    private static Func<string, string> Replace(string find, string replace) => t => Edit(t, find, replace);

    private const string Capacity = "\"capacity\": [10, 100]";
    private const string Threshold = "\"threshold\": [0.5, 1]";
    private const string Seeds = "\"seeds\": [1]";
    private const string CacheList = "\"caches\": [ { \"policy\": \"lru\", \"capacity\": [10, 100] }, { \"policy\": \"sim-lru\", \"capacity\": 10, \"threshold\": [0.5, 1] } ],";
    private const string Name = "\"name\": \"m\"";
    private const string Data = "\"data\": { \"synthetic\": { \"users\": 300, \"items\": 120, \"clusters\": 3, \"seed\": 5 } }";
    private const string Training = "\"training\": { \"epochs\": 1, \"hidden\": 8, \"latent\": 2, \"batch\": 100, \"threads\": 1 }";
    private const string Line = @":\d+:|line \d+|\(\d+, ?\d+\)|LineNumber: \d+";
    private const string TooBig = @"(?i)memory|bytes|[KMGT]i?B\b|at most|too (large|big)|exceeds|maximum";

    /// <summary>A number beyond what the parameter can hold: either its memory or its range may be named.</summary>
    private const string TooBigOrOutOfRange = TooBig + "|out of range";

    private static Func<string, string> Simulator(string options) => Replace(Seeds, Seeds + ", \"simulator\": " + options);

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        // Syntax.
        Sweep("ExperimentsNotJson", _ => "experiments: [ name: m ]\n", null),
        Sweep("ExperimentsCutShort", t => t[..(t.Length / 2)], null, Line),
        Sweep("ExperimentsTrailingCommaInAnObject", Replace(Seeds, Seeds + ","), null, Line),
        Sweep("ExperimentsTrailingCommaInAList", Replace(Capacity, "\"capacity\": [10, 100,]"), null, Line),
        Sweep("ExperimentsSingleQuotes", Replace(Name, "'name': 'm'"), null, Line),
        Sweep("ExperimentsEmptyFile", _ => "", null),
        Sweep("ExperimentsMissingComma", Replace("\"seed\": 5 } }", "\"seed\": 5 } }\n \"extra\" 1"), null, Line),
        Sweep("ExperimentsRootIsAList", t => "[" + t + "]", null, "object"),
        new(Family, "ExperimentsFileMissing", 2, c =>
        {
            var f = c.File("missing.json");
            return new CaseRun(SweepArgs(c, f), c.Out, [f]);
        }),
        new(Family, "ExperimentsFileIsAFolder", 2, c =>
        {
            Directory.CreateDirectory(c.File("experiments.json"));
            return new CaseRun(SweepArgs(c, c.File("experiments.json")), c.Out, [c.File("experiments.json")]);
        }),

        // Structure and unknown keys.
        Sweep("ExperimentsListEmpty", _ => "{ \"experiments\": [] }", "experiments"),
        Sweep("ExperimentsKeyMissing", _ => "{}", "experiments"),
        Sweep("ExperimentsUnknownRootKey", t => Edit(t, "\"experiments\": [", "\"experimnts\": 1, \"experiments\": ["), "experimnts"),
        Sweep("ExperimentUnknownKey", Replace(Name, Name + ", \"sweeps\": {}"), "experiments[0].sweeps"),
        Sweep("SweepUnknownKey", Replace(Seeds, Seeds + ", \"cache\": []"), "experiments[0].sweep.cache"),
        Sweep("SimulatorUnknownKey", Simulator("{ \"latencies\": 0 }"), "experiments[0].sweep.simulator.latencies"),
        Sweep("NameMissing", Replace(Name + ",", ""), "experiments[0].name"),
        Sweep("NameWithASlash", Replace(Name, "\"name\": \"a/b\""), "experiments[0].name"),
        Sweep("NameNotAString", Replace(Name, "\"name\": 5"), "experiments[0].name"),
        Sweep("NameUsedTwice", t => Edit(t, "\"experiments\": [", "\"experiments\": [ { \"name\": \"m\", " + Data + " },"), "experiments[1].name"),
        Sweep("DataMissing", Replace(Data + ",", ""), "experiments[0].data"),
        Sweep("DataBothSyntheticAndDataSet", Replace("\"seed\": 5 } }", "\"seed\": 5 }, \"dataset\": \"/tmp\" }"), "experiments[0].data"),
        Sweep("DataFileMissing", Replace(Data, "\"data\": { \"file\": { \"path\": \"no-such-ratings.csv\", \"format\": \"movielens-csv\" } }"), "no-such-ratings.csv"),
        Sweep("SyntheticUsersZero", Replace("\"users\": 300", "\"users\": 0"), "experiments[0].data.synthetic.users"),
        Sweep("SyntheticPresetUnknown", Replace("\"users\": 300", "\"preset\": \"huge\""), "experiments[0].data.synthetic.preset"),
        Sweep("ProtocolHeldoutNegative", Replace("\"seed\": 5 } }", "\"seed\": 5 }, \"protocol\": { \"heldout\": -3 } }"), "experiments[0].data.protocol.heldout"),
        Sweep("TrainingEpochsZero", Replace(Name, Name + ", " + Training.Replace("\"epochs\": 1", "\"epochs\": 0")), "experiments[0].training.epochs"),
        Sweep("TrainingModelUnknown", Replace(Name, Name + ", " + Training.Replace("\"epochs\": 1", "\"model\": \"svd\"")), "experiments[0].training.model"),
        Sweep("TrainingDropoutAboveOne", Replace(Name, Name + ", " + Training.Replace("\"epochs\": 1", "\"dropout\": 1.5")), "experiments[0].training.dropout"),
        Sweep("TraceWarmupAboveOne", Replace(Name, Name + ", " + Training + ", \"trace\": { \"warmup\": 1.5 }"), "experiments[0].trace.warmup"),
        Sweep("TraceWithoutTraining", Replace(Name, Name + ", \"trace\": { \"every\": 4 }"), "experiments[0].trace"),
        Sweep("GeometryGmmMaxZero", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"gmm_max\": 0 }"), "experiments[0].geometry.gmm_max"),
        Sweep("GeometryUmapNotABoolean", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"tsne\": true, \"umap\": \"yes\" }"), "experiments[0].geometry.umap"),
        Sweep("GeometryUmapWithoutTsne", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"umap\": true }"), "experiments[0].geometry.umap", "tsne"),
        Sweep("GeometryUmapNeighboursOne", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"tsne\": true, \"umap\": true, \"umap_neighbors\": 1 }"), "experiments[0].geometry.umap_neighbors"),
        Sweep("GeometryUmapNeighboursFraction", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"tsne\": true, \"umap\": true, \"umap_neighbors\": 7.5 }"), "experiments[0].geometry.umap_neighbors"),
        Sweep("GeometryCovarianceUnknown", Replace(Name, Name + ", " + Training + ", \"geometry\": { \"gmm_cov\": \"banded\" }"), "experiments[0].geometry.gmm_cov"),
        Sweep("SweepSectionMissing", t => Edit(t, t[t.IndexOf(",\n      \"sweep\"", StringComparison.Ordinal)..t.IndexOf("\n    }\n  ]", StringComparison.Ordinal)], ""), "sweep"),
        new(Family, "ExperimentNamedByOptionDoesNotExist", 2, c =>
        {
            var f = SweepFile(c);
            return new CaseRun(SweepArgs(c, f, "--experiment", "other"), c.Out, [f, "other"]);
        }),

        // Caches.
        Sweep("CachesEmpty", Replace(CacheList, "\"caches\": [],"), "experiments[0].sweep.caches"),
        Sweep("CachesNotAList", Replace(CacheList, "\"caches\": { \"policy\": \"lru\", \"capacity\": 10 },"), "experiments[0].sweep.caches"),
        Sweep("CacheNotAnObject", Replace("\"caches\": [ {", "\"caches\": [ 5, {"), Caches + "[0]"),
        Sweep("PolicyUnknown", Replace("\"policy\": \"sim-lru\"", "\"policy\": \"sim-lfu\""), Caches + "[1]", "sim-lfu"),
        Sweep("PolicyMissing", Replace("\"policy\": \"lru\", ", ""), Caches + "[0].policy"),
        Sweep("PolicyNotAString", Replace("\"policy\": \"lru\"", "\"policy\": 3"), Caches + "[0].policy"),
        Sweep("PolicyParameterMisspelled", Replace("\"threshold\":", "\"treshold\":"), Caches + "[1]", "treshold"),
        Sweep("PolicyRequiredParameterMissing", Replace(", " + Threshold, ""), Caches + "[1]", "threshold"),
        Sweep("CapacityZero", Replace(Capacity, "\"capacity\": [0, 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityNegative", Replace(Capacity, "\"capacity\": [-5, 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityOfATrillion", Replace(Capacity, "\"capacity\": [1e12, 100]"), Caches + "[0].capacity", TooBigOrOutOfRange, "must be an integer"),
        Sweep("CapacityOfIntMax", Replace("\"capacity\": 10, \"threshold\"", "\"capacity\": 2147483647, \"threshold\""), Caches + "[1].capacity", TooBig),
        Sweep("CapacityLots", Replace(Capacity, "\"capacity\": [\"lots\", 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityFraction", Replace(Capacity, "\"capacity\": [10.5, 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityBoolean", Replace(Capacity, "\"capacity\": [true, 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityNull", Replace(Capacity, "\"capacity\": [null, 100]"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityEmptyList", Replace(Capacity, "\"capacity\": []"), Caches + "[0].capacity", "capacity"),
        Sweep("CapacityGivenTwice", Replace(Capacity, "\"capacity\": [10, 10]"), Caches + "[0].capacity"),
        Sweep("ThresholdNaN", Replace(Threshold, "\"threshold\": [\"NaN\", 1]"), Caches + "[1].threshold", "threshold"),
        Sweep("ThresholdInfinity", Replace(Threshold, "\"threshold\": [\"Infinity\", 1]"), Caches + "[1].threshold", "threshold"),
        Sweep("ThresholdNegative", Replace(Threshold, "\"threshold\": [-0.5, 1]"), Caches + "[1].threshold", "threshold"),
        Sweep("ThresholdLogRangeFromZero", Replace(Threshold, "\"threshold\": { \"from\": 0, \"to\": 1, \"steps\": 3, \"scale\": \"log\" }"), Caches + "[1].threshold"),
        Sweep("ThresholdRangeZeroSteps", Replace(Threshold, "\"threshold\": { \"from\": 0.5, \"to\": 1, \"steps\": 0 }"), Caches + "[1].threshold.steps"),
        Sweep("ThresholdRangeFractionalSteps", Replace(Threshold, "\"threshold\": { \"from\": 0.5, \"to\": 1, \"steps\": 2.5 }"), Caches + "[1].threshold.steps"),
        Sweep("ThresholdRangeWithoutTo", Replace(Threshold, "\"threshold\": { \"from\": 0.5, \"steps\": 3 }"), Caches + "[1].threshold.to"),
        Sweep("ThresholdRangeRelativeNotABoolean", Replace(Threshold, "\"threshold\": { \"from\": 0.2, \"to\": 2, \"steps\": 4, \"relative\": \"yes\" }"), Caches + "[1].threshold.relative"),
        Sweep("ThresholdRangeUnknownKey", Replace(Threshold, "\"threshold\": { \"from\": 0.5, \"to\": 1, \"steps\": 3, \"step\": 1 }"), Caches + "[1].threshold.step"),
        Sweep("CacheCostUnknown", Replace(Capacity, Capacity + ", \"cost\": \"bogus\""), Caches + "[0]", "cost"),
        Sweep("CacheCostNegativeAlpha", Replace(Capacity, Capacity + ", \"cost\": \"power(alpha=-1,cr=10)\""), Caches + "[0]", "alpha"),
        Sweep("SimulatorOptionInACacheEntry", Replace(Capacity, Capacity + ", \"warmup\": 5"), Caches + "[0].warmup"),
        Sweep("KnnCacheWithoutDecoder", t => WithCache(t, "{ \"policy\": \"knn-cache\", \"capacity\": 50 }"), "--decoder"),
        Sweep("GmmPlacementWithoutDecoder", t => WithCache(t, "{ \"policy\": \"gmm-placement\", \"capacity\": 50, \"threshold\": 4 }"), "--decoder"),
        new(Family, "DecoderOptionMissingFile", 2, c =>
        {
            var f = SweepFile(c, WithCache(BaseSweepText, "{ \"policy\": \"knn-cache\", \"capacity\": 50 }"));
            var d = c.File("no-such-decoder.arrow");
            return new CaseRun(SweepArgs(c, f, "--decoder", d), c.Out, [d]);
        }),

        // Seeds and simulator options.
        Sweep("SeedsNegative", Replace(Seeds, "\"seeds\": [-1]"), "experiments[0].sweep.seeds[0]"),
        Sweep("SeedsRepeated", Replace(Seeds, "\"seeds\": [1, 1]"), "experiments[0].sweep.seeds[1]"),
        Sweep("SeedsText", Replace(Seeds, "\"seeds\": [\"one\"]"), "experiments[0].sweep.seeds[0]"),
        Sweep("SeedsEmpty", Replace(Seeds, "\"seeds\": []"), "experiments[0].sweep.seeds"),
        Sweep("SimulatorLatencyNegative", Simulator("{ \"latency\": -1 }"), "experiments[0].sweep.simulator.latency"),
        Sweep("SimulatorLatencyUnknownDistribution", Simulator("{ \"latency\": \"slow\" }"), "experiments[0].sweep.simulator.latency"),
        Sweep("SimulatorTtlZero", Simulator("{ \"ttl\": 0 }"), "experiments[0].sweep.simulator.ttl"),
        Sweep("SimulatorArrivalsZeroRate", Simulator("{ \"arrivals\": \"poisson(rate=0)\" }"), "experiments[0].sweep.simulator.arrivals"),
        Sweep("SimulatorWarmupNegative", Simulator("{ \"warmup\": -1 }"), "experiments[0].sweep.simulator.warmup"),
        Sweep("SimulatorWarmupBeyondTheTrace", Simulator("{ \"warmup\": 100000 }"), "experiments[0].sweep.simulator.warmup", "warmup"),
        Sweep("SimulatorWarmupAsLongAsTheTrace", Simulator("{ \"warmup\": 1267 }"), "experiments[0].sweep.simulator.warmup", "covers all 1267 requests"),
        Sweep("CacheSimulatorWarmupBeyondTheTrace", Replace("{ \"policy\": \"sim-lru\", \"capacity\": 10,", "{ \"policy\": \"sim-lru\", \"simulator\": { \"warmup\": 5000 }, \"capacity\": 10,"),
            Caches + "[1].simulator.warmup", "warmup"),
        Sweep("SimulatorWindowZero", Simulator("{ \"window\": 0 }"), "experiments[0].sweep.simulator.window"),
        Sweep("SimulatorIndexUnknown", Simulator("{ \"index\": \"faiss\" }"), "experiments[0].sweep.simulator.index"),

        // Through run: refused before the first stage, so nothing is written.
        Run("RunCapacityZero", Replace(Capacity, "\"capacity\": [0, 100]"), Caches + "[0].capacity"),
        Run("RunCapacityLots", Replace(Capacity, "\"capacity\": [\"lots\", 100]"), Caches + "[0].capacity"),
        Run("RunCapacityOfATrillion", Replace(Capacity, "\"capacity\": [1e12, 100]"), Caches + "[0].capacity", TooBigOrOutOfRange, "must be an integer"),
        Run("RunThresholdNaN", Replace(Threshold, "\"threshold\": [\"NaN\", 1]"), Caches + "[1].threshold"),
        Run("RunPolicyUnknown", Replace("\"policy\": \"sim-lru\"", "\"policy\": \"sim-lfu\""), Caches + "[1]"),
        Run("RunPolicyParameterMisspelled", Replace("\"threshold\":", "\"treshold\":"), Caches + "[1]", "treshold"),
        Run("RunTrailingComma", Replace(Seeds, Seeds + ","), null, Line),
        // A data set named by its download catalogue name: refused when the file is loaded, before any stage.
        Sweep("DataDownloadOfAnUnknownName", Replace(Data, "\"data\": { \"file\": { \"name\": \"ml-5k\", \"download\": true } }"), "experiments[0].data.file.name", "unknown data set"),
        Sweep("DataDownloadWithoutAName", Replace(Data, "\"data\": { \"file\": { \"path\": \"x\", \"format\": \"msd\", \"download\": true } }"), "experiments[0].data.file.download", "catalogue name"),
        Sweep("DataDownloadOfNetflix", Replace(Data, "\"data\": { \"file\": { \"name\": \"netflix\", \"download\": true } }"), "experiments[0].data.file.name", "cannot be downloaded"),
        Sweep("DataDownloadNotABoolean", Replace(Data, "\"data\": { \"file\": { \"name\": \"ml-100k\", \"download\": \"yes\" } }"), "experiments[0].data.file.download"),
        Sweep("DataNamedFolderMissingWithoutDownload", Replace(Data, "\"data\": { \"file\": { \"name\": \"ml-1m\", \"path\": \"no-such-folder\" } }"), "experiments[0].data.file.path", "\"download\": true"),
        Run("RunDataSetMissing", t => t.Replace("\"dataset\": \"", "\"dataset\": \"/no/such/dataset", StringComparison.Ordinal), "/no/such/dataset"),
    ];
}
