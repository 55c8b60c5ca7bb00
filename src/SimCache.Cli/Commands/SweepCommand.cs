using System.CommandLine;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache sweep [experiments.json] --trace FILE</c>: just the sweep of an experiment, on an existing trace —
/// to rerun the caches without retraining, or to sweep a trace made elsewhere. Resumable (finished runs in
/// OUT/results.db are kept), parallel with <c>--jobs</c>, and followed by the figures and OUT/index.html.
/// </summary>
public static class SweepCommand
{
    public static Command Build(CliContext context) => Build(context, ExperimentServices.Available);

    /// <summary>The command with the given simulator (tests plug in their own).</summary>
    public static Command Build(CliContext context, ExperimentServices services)
    {
        var file = new Argument<string>("experiments") { Description = "The experiments file whose sweep section to run.", DefaultValueFactory = _ => "experiments.json" };
        var name = new Option<string?>("--experiment") { Description = "Which experiment of the file (default: the first)." };
        var trace = new Option<string>("--trace") { Description = "The trace to replay (trace.arrow).", Required = true };
        var decoder = new Option<string?>("--decoder") { Description = "The decoder that answers for points where no user stands (RUN/decoder.arrow)." };
        var gmm = new Option<string?>("--gmm") { Description = "The geometry stage's Gaussian mixture (gmm.json), for gmm-placement." };
        var jobs = new Option<int>("--jobs") { Description = "Points run in parallel (results are identical for any value; default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Output folder: OUT/results.db, OUT/results.csv, OUT/NAME/figures, OUT/index.html.", DefaultValueFactory = _ => "runs" };
        var shardOption = new Option<string?>("--shard") { Description = "Run only shard I (from 0) of N, e.g. 0/4, into OUT/shards/I-of-N/results.db (then: simcache results merge OUT).", HelpName = "I/N" };
        var cmd = new Command("sweep", "Run an experiment's sweep (caches × grids × seeds) on an existing trace into results.db, then the figures and report.")
        {
            file, name, trace, decoder, gmm, jobs, output, shardOption,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            int n = parse.GetValue(jobs);
            if (n < 1) throw new UsageException("--jobs must be ≥ 1");
            var shard = parse.GetValue(shardOption) is { } text ? SweepShard.Parse(text) : null;
            var experiments = ExperimentFile.Load(parse.GetValue(file)!);
            var experiment = experiments.Select(parse.GetValue(name));
            var sweep = experiment.Sweep ?? throw new DataFormatException(experiments.FilePath,
                $"experiments[{experiments.Experiments.ToList().IndexOf(experiment)}]: experiment '{experiment.Name}' has no sweep section, so there is nothing to sweep; add its \"sweep\" with the caches to compare");
            var tracePath = Existing(parse.GetValue(trace)!, "--trace");
            var decoderPath = parse.GetValue(decoder) is { } d ? Existing(d, "--decoder") : null;
            var gmmPath = parse.GetValue(gmm) is { } g ? Existing(g, "--gmm") : null;
            if (decoderPath is not null) SimCache.Simulation.Running.TraceDecoderPairing.Check(tracePath, decoderPath, w => context.Error.WriteLine("warning: " + w));
            var simulator = services.Simulator;
            // Everything is checked before anything is written: the points, the output folder, the inputs.
            var points = SweepPlan.Expand(sweep);
            ExperimentRunner.CheckPoints(points, simulator);
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            OutputFolder.Check(outDir);
            var inputs = SweepInputs.FromFiles(tracePath, decoderPath, gmmPath);
            SweepPreflight.CheckInputs(points, inputs, simulator);
            var root = Path.Combine(outDir, experiment.Name);
            if (shard is not null)
            {
                // A shard writes only OUT/shards/I-of-N/ (under that folder's lock): shards run side by side, and the
                // report and experiment.json are the merge's to write.
                var part = context.WithProgress(reporter => ExperimentRunner.RunSweep(experiment.Name, points, sweep.Seeds,
                    inputs, outDir, n, simulator, reporter, context.Error.WriteLine, context.Cancellation, shard));
                context.Output.WriteLine($"Shard {shard}: {part.Runs} runs in {part.Database} ({part.Ran} run now); merge the shards with: simcache results merge {outDir}");
                return CliApp.Success;
            }
            using var folderLock = FolderLock.Acquire(root);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var outcome = context.WithProgress(reporter => ExperimentRunner.RunSweep(experiment.Name, points, sweep.Seeds,
                inputs, outDir, n, simulator, reporter, context.Error.WriteLine, context.Cancellation));
            var status = new StageStatus("sweep", StageStatus.Ran, $"{outcome.Ran} runs now, {outcome.AlreadyDone} already in results.db (simcache sweep on {tracePath})", null, clock.Elapsed.TotalSeconds);
            var previous = ExperimentState.TryLoad(root);
            var state = previous ?? new ExperimentState
            {
                Name = experiment.Name, Description = experiment.Description, Command = CommandLine.Describe(parse, "--jobs", "--shard"),
                ToolVersion = Provenance.ToolVersion, Stages = [],
            };
            (state with
            {
                Trace = tracePath, Simulator = simulator.Name,
                Stages = [.. state.Stages.Where(s => s.Stage != "sweep"), status],
            }).Save(root);
            context.Output.WriteLine($"Sweep: {outcome.Runs} runs in {outcome.Database} ({outcome.Ran} run now), exported to {outcome.Csv}");
            context.Output.WriteLine($"Report: {ReportBuilder.Write(outDir)}");
            return CliApp.Success;
        }));
        return cmd;
    }

    private static string Existing(string path, string option) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"{option}: {path}: no such file");
}
