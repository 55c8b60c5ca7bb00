using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.Download;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Data.Synthetic;
using SimCache.Experiments.Config;
using SimCache.Experiments.Services;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Stages;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Running;
using SimCache.Training.Speed;
using SimCache.Training.Training;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Experiments.Running;

/// <summary>
/// Runs one experiment's chain into <c>OUT/NAME/</c>: synth (synthetic data only) → prepare → train → trace →
/// geometry → sweep → report, each stage reading what the previous wrote. Every stage before the sweep is
/// cached by <see cref="StageCache"/> (a rerun redoes only what changed); the sweep is resumable point by
/// point in OUT/results.db; the report (OUT/index.html) is rebuilt every time. A stage whose section is absent
/// is skipped with a message saying so. Progress: one line per stage as it starts and ends.
/// </summary>
public static class ExperimentRunner
{
    private static readonly string[] StageNames = ["synth", "prepare", "train", "trace", "geometry", "sweep", "report"];
    public const string TraceFile = "trace.arrow";

    /// <remarks>
    /// Everything that can be checked before the first stage is: every sweep point's values, that the stages
    /// making the inputs its points need are configured, and the output folder (<see cref="OutputFolder"/>); the
    /// inputs themselves are checked once the trace exists, before results.db is touched. <paramref name="cancel"/>
    /// (Ctrl+C) stops the sweep between runs, keeping the committed ones.
    /// </remarks>
    public static ExperimentResult Run(ExperimentSpec experiment, RunSettings settings, ExperimentServices services, IWorkReporter? reporter = null, Action<string>? log = null,
        CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        log ??= _ => { };
        if (settings.Jobs < 1) throw new UsageException("--jobs must be ≥ 1");
        var points = experiment.Sweep is null ? [] : SweepPlan.Expand(experiment.Sweep);
        CheckPoints(points, services.Simulator); // a typo fails now, not after training
        CheckStages(experiment, points, services.Simulator);

        var outDir = Path.GetFullPath(settings.OutDir);
        OutputFolder.Check(outDir);
        var root = Path.Combine(outDir, experiment.Name);
        Directory.CreateDirectory(root);
        if (settings.Shard is not null && settings.NoSweep) throw new UsageException("--shard and --no-sweep exclude each other: a shard runs only the sweep");
        using var folderLock = settings.Shard is null ? FolderLock.Acquire(root) : FolderLock.AcquireWaiting(root, log, cancel);
        var stages = new List<StageStatus>();
        string? metered = null; // the stage whose peak memory is being measured (reset when it started)
        void Done(StageStatus s)
        {
            if (s.Status == StageStatus.Ran && metered == s.Stage) s = s with { PeakBytes = PeakMemory.Bytes() };
            metered = null;
            stages.Add(s);
            int n = Array.IndexOf(StageNames, s.Stage) + 1;
            string what = s.Status switch
            {
                StageStatus.Ran => string.Create(CultureInfo.InvariantCulture, $"done in {s.Seconds:F1} s")
                    + (s.PeakBytes > 0 ? ", peak memory " + PeakMemory.Format(s.PeakBytes) : ""),
                StageStatus.Cached => $"unchanged, reused (key {s.Key![..12]})",
                StageStatus.Given => "given",
                _ => "skipped",
            };
            log($"[{n}/{StageNames.Length}] {s.Stage}: {what}{(s.Detail.Length > 0 ? " — " + s.Detail : "")}");
        }
        void Starting(string stage, string what)
        {
            metered = PeakMemory.ResetPeak() ? stage : null;
            log($"[{Array.IndexOf(StageNames, stage) + 1}/{StageNames.Length}] {stage}: {what}");
        }
        StageStatus Status(StageResult r, string detail) => new(r.Name, r.Reused ? StageStatus.Cached : StageStatus.Ran, detail, r.Key, r.Seconds);

        // ---- data ----
        var (datasetDir, datasetKey) = Data(experiment, root, settings.Command, reporter, Starting, Done, Status, settings.DownloadBase, cancel);

        // ---- train ----
        string? runDir = null, runKey = null;
        RunMetrics? metrics = null;
        if (experiment.Training is not { } training)
            Done(new StageStatus("train", StageStatus.Skipped, "the experiment has no training section"));
        else
        {
            runDir = Path.Combine(root, "run");
            Starting("train", $"{training.Model} on {datasetDir} → {runDir}");
            // Training is the one stage that takes hours at paper scale: a stopped or killed run keeps its last
            // completed epoch, and the next run of the same settings continues from there.
            var r = StageCache.RunResumable(new StageRequest("train", runDir, JsonSerializer.SerializeToNode(training, RunMetrics.JsonOptions)!,
                new Dictionary<string, string> { ["dataset"] = datasetKey }, Empty, RunMetrics.FileName),
                new ResumableBuild(
                    Start: work => RecommenderTrainer.Train(datasetDir, work, training, settings.Command, reporter, log, cancel),
                    Resume: work => RecommenderTrainer.Resume(work, datasetDir, threads: null, reporter, log, cancel),
                    Inspect: work => RecommenderTrainer.Inspect(work) switch
                    {
                        RunState.Interrupted => KeptWork.Resumable,
                        RunState.Complete => KeptWork.Complete,
                        _ => KeptWork.Nothing,
                    }),
                log);
            runKey = r.Key;
            metrics = LoadMetrics(runDir);
            Done(Status(r, r.Reused ? "" : $"best epoch {metrics.BestEpoch}, test NDCG@100 {metrics.Test.GetValueOrDefault("ndcg@100"):F4}"));
        }

        // ---- trace ----
        string? traceFile = null;
        if (experiment.Trace is not { } traceSpec || runDir is null)
            Done(new StageStatus("trace", StageStatus.Skipped, "the experiment has no trace section"));
        else
        {
            var traceDir = Path.Combine(root, "trace");
            Starting("trace", $"re-embedding the users of {datasetDir} with {runDir} → {traceDir}");
            var r = StageCache.Run(new StageRequest("trace", traceDir, JsonSerializer.SerializeToNode(traceSpec, SnakeCase)!,
                new Dictionary<string, string> { ["dataset"] = datasetKey, ["run"] = runKey! }, Empty, TraceFile),
                tmp => TraceStage.Build(datasetDir, runDir, traceSpec, Path.Combine(tmp, TraceFile), settings.Command, reporter, log));
            traceFile = Path.Combine(traceDir, TraceFile);
            Done(Status(r, ""));
        }

        // ---- geometry ----
        string? geometryDir = null;
        if (experiment.Geometry is not { } geometrySpec || runDir is null)
            Done(new StageStatus("geometry", StageStatus.Skipped, "the experiment has no geometry section"));
        else
        {
            geometryDir = Path.Combine(root, "geometry");
            var embeddings = Path.Combine(runDir, RecommenderTrainer.EmbeddingsFile);
            Starting("geometry", $"{embeddings} → {geometryDir}");
            var r = StageCache.Run(new StageRequest("geometry", geometryDir, JsonSerializer.SerializeToNode(geometrySpec, SnakeCase)!,
                new Dictionary<string, string> { ["run"] = runKey! }, Empty, "geometry.json"),
                tmp => GeometryStage.Analyze(embeddings, geometrySpec, tmp, settings.Command, reporter, log));
            Done(Status(r, ""));
        }

        // ---- sweep ----
        SweepOutcome? sweep = null;
        if (experiment.Sweep is not { } sweepSpec)
            Done(new StageStatus("sweep", StageStatus.Skipped, "the experiment has no sweep section"));
        else if (settings.NoSweep)
            Done(new StageStatus("sweep", StageStatus.Skipped, "--no-sweep: the sweep runs as shards (simcache run/sweep --shard I/N, then simcache results merge)"));
        else if (traceFile is null)
            Done(new StageStatus("sweep", StageStatus.Skipped, "there is no trace to replay (add a trace section, or run simcache sweep --trace FILE)"));
        else
        {
            Starting("sweep", $"{points.Count} points × {sweepSpec.Seeds.Count} seeds on {traceFile}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var inputs = SweepInputsFor(traceFile, runDir, geometryDir);
            if (settings.Shard is { } shard)
            {
                // The stages are done; the shard's sweep writes only its own folder, beside the other shards.
                folderLock.Dispose();
                sweep = RunSweep(experiment.Name, points, sweepSpec.Seeds, inputs, outDir, settings.Jobs, services.Simulator, reporter, log, cancel, shard);
                Done(new StageStatus("sweep", StageStatus.Ran, $"shard {shard}: {sweep.Ran} runs now, {sweep.AlreadyDone} already done", null, clock.Elapsed.TotalSeconds));
                return new ExperimentResult(datasetDir, runDir, metrics, sweep, stages, "");
            }
            sweep = RunSweep(experiment.Name, points, sweepSpec.Seeds, inputs, outDir, settings.Jobs, services.Simulator, reporter, log, cancel);
            Done(new StageStatus("sweep", StageStatus.Ran, $"{sweep.Ran} runs now, {sweep.AlreadyDone} already in results.db", null, clock.Elapsed.TotalSeconds));
        }

        // A shard whose experiment has nothing to sweep leaves the report and experiment.json to the merge all the same.
        if (settings.Shard is not null) return new ExperimentResult(datasetDir, runDir, metrics, sweep, stages, "");

        // ---- report ----
        var state = new ExperimentState
        {
            Name = experiment.Name, Description = experiment.Description, Command = settings.Command, ToolVersion = Provenance.ToolVersion,
            Dataset = datasetDir, Run = runDir, Trace = traceFile, Geometry = geometryDir, Simulator = sweep is null ? null : services.Simulator.Name,
            Stages = [.. stages, new StageStatus("report", StageStatus.Ran, "")],
        };
        state.Save(root);
        Starting("report", "figures and index.html");
        var reportClock = System.Diagnostics.Stopwatch.StartNew();
        var report = ReportBuilder.Write(outDir);
        Done(new StageStatus("report", StageStatus.Ran, report, null, reportClock.Elapsed.TotalSeconds));
        return new ExperimentResult(datasetDir, runDir, metrics, sweep, stages, report);
    }

    /// <summary>Runs a sweep into OUT/results.db (the body of <c>simcache sweep</c> and of run's sweep stage).</summary>
    public static SweepOutcome RunSweep(string experiment, IReadOnlyList<SweepPoint> points, IReadOnlyList<long> seeds, SweepInputs inputs, string outDir,
        int jobs, ISweepPointRunner simulator, IWorkReporter reporter, Action<string> log, CancellationToken cancel = default, SweepShard? shard = null) =>
        SweepEngine.Run(new SweepRequest(experiment, points, seeds, inputs, outDir, jobs, CodeVersion.Current) { Shard = shard }, simulator, reporter, log, cancel);

    /// <summary>The sweep inputs of a run: the trace, the run's decoder and the geometry stage's mixture when they exist.</summary>
    public static SweepInputs SweepInputsFor(string traceFile, string? runDir, string? geometryDir)
    {
        var decoder = runDir is null ? null : Path.Combine(runDir, RecommenderTrainer.DecoderFile);
        var gmm = geometryDir is null ? null : Path.Combine(geometryDir, "gmm.json");
        // A Mult-VAE decoder written without its input layer (older runs) scores the hidden layer, not the trace's
        // latent points: no cache can use it. Every decoder written now maps the latent point to item scores.
        if (!File.Exists(decoder) || !TraceDecoderPairing.ScoresLatentPoints(decoder)) decoder = null;
        else TraceDecoderPairing.Check(traceFile, decoder);
        return SweepInputs.FromFiles(traceFile, decoder, File.Exists(gmm) ? gmm : null);
    }

    /// <summary>Asks the simulator whether it can run every point, naming the file and JSON path of the first it refuses (<see cref="SweepPreflight.CheckValues"/>).</summary>
    public static void CheckPoints(IReadOnlyList<SweepPoint> points, ISweepPointRunner simulator) => SweepPreflight.CheckValues(points, simulator);

    /// <summary>
    /// Refuses a sweep point whose inputs no configured stage makes: a decoder needs the training section, a
    /// mixture file the geometry section. Without this the point would fail after hours of training.
    /// </summary>
    public static void CheckStages(ExperimentSpec experiment, IReadOnlyList<SweepPoint> points, ISweepPointRunner simulator)
    {
        if (experiment.Sweep is null || experiment.Trace is null) return; // no sweep runs: nothing to check against
        foreach (var point in points)
        {
            var needs = simulator.Needs(point);
            if (needs.HasFlag(SweepNeeds.Decoder) && experiment.Training is null)
                throw SweepPreflight.Refusal(point, "needs the trained model's decoder, and the experiment has no training section");
            if (needs.HasFlag(SweepNeeds.Mixture) && experiment.Geometry is null)
                throw SweepPreflight.Refusal(point, "needs the geometry stage's gmm.json (source=file), and the experiment has no geometry section: add one, or use source=fit");
        }
    }

    /// <summary>Reads a run folder's metrics.json.</summary>
    public static RunMetrics LoadMetrics(string runDir)
    {
        var path = Path.Combine(runDir, RunMetrics.FileName);
        try
        {
            return JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(path), RunMetrics.JsonOptions) ?? throw new DataFormatException(path, "is empty");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid metrics file: " + e.Message, e.LineNumber + 1);
        }
    }

    private static readonly Dictionary<string, string> Empty = new();

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static (string Dir, string Key) Data(ExperimentSpec experiment, string root, string command, IWorkReporter reporter,
        Action<string, string> starting, Action<StageStatus> done, Func<StageResult, string, StageStatus> status, string? downloadBase, CancellationToken cancel)
    {
        var data = experiment.Data;
        if (data.Dataset is not null)
        {
            DatasetManifest.Load(data.Dataset);
            done(new StageStatus("synth", StageStatus.Skipped, "the data set is given"));
            var key = ContentHash.OfFile(Path.Combine(data.Dataset, DatasetManifest.FileName));
            done(new StageStatus("prepare", StageStatus.Given, data.Dataset, key));
            return (data.Dataset, key);
        }
        string input, format;
        var inputs = new Dictionary<string, string>();
        var raw = new Dictionary<string, string>();
        if (data.SyntheticPreset is not null)
        {
            var defaults = SyntheticOptions.Preset(data.SyntheticPreset);
            var options = defaults with
            {
                Seed = data.SyntheticSeed ?? defaults.Seed,
                Users = data.SyntheticUsers ?? defaults.Users,
                Items = data.SyntheticItems ?? defaults.Items,
                Clusters = data.SyntheticClusters ?? defaults.Clusters,
            };
            var synthDir = Path.Combine(root, "synth");
            starting("synth", $"synthetic preset {data.SyntheticPreset} (seed {options.Seed}) → {synthDir}");
            var r = StageCache.Run(new StageRequest("synth", synthDir, JsonSerializer.SerializeToNode(options)!, Empty, Empty, SyntheticGenerator.ManifestFileName),
                tmp => SyntheticGenerator.Generate(options, tmp, command, reporter, cancel));
            done(status(r, ""));
            input = Path.Combine(synthDir, SyntheticGenerator.RatingsFileName);
            format = MovieLensCsvFormat.Name;
            inputs["synth"] = r.Key;
        }
        else
        {
            input = data.File!;
            if (data.Download is { } name && !File.Exists(input) && !Directory.Exists(input))
            {
                starting("synth", $"download {name} → {input}");
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var fetched = DatasetDownloader.DownloadAsync(new DownloadRequest
                {
                    Name = name,
                    OutDir = input,
                    BaseUrl = downloadBase ?? (Environment.GetEnvironmentVariable(DownloadRequest.BaseUrlVariable) is { Length: > 0 } b ? b : null),
                }, reporter, cancel).GetAwaiter().GetResult();
                done(new StageStatus("synth", StageStatus.Ran, $"downloaded {name} ({fetched.Archive.Sha256[..12]}…) to {input}", null, watch.Elapsed.TotalSeconds));
            }
            else done(new StageStatus("synth", StageStatus.Skipped, "the data is a rating file"));
            format = data.Format!;
            raw["ratings"] = input;
        }
        var datasetDir = Path.Combine(root, "dataset");
        var parameters = new JsonObject
        {
            ["format"] = format, ["columns"] = data.Columns, ["threshold"] = data.Threshold is double t ? (double.IsNaN(t) ? "none" : t) : null,
            ["min_user_items"] = data.MinUserItems, ["min_item_users"] = data.MinItemUsers, ["heldout"] = data.Heldout, ["seed"] = data.ProtocolSeed,
        };
        starting("prepare", $"Liang et al.'s split of {input} → {datasetDir}");
        var p = StageCache.Run(new StageRequest("prepare", datasetDir, parameters, inputs, raw, DatasetManifest.FileName),
            tmp => DatasetPreparer.Prepare(new PrepareRequest
            {
                Format = format,
                Input = input,
                OutDir = tmp,
                Columns = data.Columns is null ? null : ColumnMap.Parse(data.Columns),
                Threshold = data.Threshold,
                MinUserItems = data.MinUserItems,
                MinItemUsers = data.MinItemUsers,
                Heldout = data.Heldout,
                Seed = data.ProtocolSeed,
                Force = true, // a fresh temporary folder; the stage cache swaps it in
                Command = command,
            }, reporter, cancel));
        done(status(p, ""));
        return (datasetDir, p.Key);
    }
}
