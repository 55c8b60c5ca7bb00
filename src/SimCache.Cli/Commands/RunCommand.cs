using System.CommandLine;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache run [experiments.json]</c>: one experiment of an experiments file, end to end — synth, prepare,
/// train, trace, geometry, sweep, report — with one progress line per stage, each stage reused when its
/// inputs and parameters did not change, and at the end the path of the report page.
/// </summary>
public static class RunCommand
{
    public static Command Build(CliContext context) => Build(context, ExperimentServices.Available);

    /// <summary>The command with the given stage implementations (tests plug in their own).</summary>
    public static Command Build(CliContext context, ExperimentServices services)
    {
        var file = new Argument<string>("experiments") { Description = "The experiments file.", DefaultValueFactory = _ => "experiments.json" };
        var name = new Option<string?>("--experiment") { Description = "Which experiment of the file to run (default: the first)." };
        var jobs = new Option<int>("--jobs") { Description = "Sweep points run in parallel (results are identical for any value; default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Output folder: OUT/NAME/ per experiment, OUT/results.db, OUT/results.csv, OUT/index.html.", DefaultValueFactory = _ => "runs" };
        var shardOption = new Option<string?>("--shard") { Description = "Run only shard I (from 0) of N of the sweep, e.g. 0/4, into OUT/shards/I-of-N/ (the stages before it are reused from the cache, or built once); then: simcache results merge OUT.", HelpName = "I/N" };
        var noSweep = new Option<bool>("--no-sweep") { Description = "Every stage but the sweep (then the report): the one job before a sharded sweep." };
        var cmd = new Command("run", "Run an experiment of experiments.json end to end (the default: the built-in synthetic data set).") { file, name, jobs, output, shardOption, noSweep };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            int n = parse.GetValue(jobs);
            if (n < 1) throw new UsageException("--jobs must be ≥ 1");
            var shard = parse.GetValue(shardOption) is { } text ? SimCache.Experiments.Sweep.SweepShard.Parse(text) : null;
            if (shard is not null && parse.GetValue(noSweep)) throw new UsageException("--shard and --no-sweep exclude each other: a shard runs only the sweep");
            var experiments = ExperimentFile.Load(parse.GetValue(file)!);
            var experiment = experiments.Select(parse.GetValue(name));
            var settings = new RunSettings(parse.GetValue(output)!, CommandLine.Describe(parse, "--jobs", "--shard", "--no-sweep"), n) { Shard = shard, NoSweep = parse.GetValue(noSweep) };
            context.Error.WriteLine($"Experiment '{experiment.Name}'" + (experiment.Description is null ? "" : ": " + experiment.Description));
            var result = context.WithProgress(reporter => ExperimentRunner.Run(experiment, settings, services, reporter, context.Error.WriteLine, context.Cancellation));
            if (shard is not null)
            {
                if (result.Sweep is { } part) context.Output.WriteLine($"Shard {shard}: {part.Runs} runs in {part.Database} ({part.Ran} run now); merge the shards with: simcache results merge {Path.GetFullPath(settings.OutDir)}");
                else context.Error.WriteLine($"note: shard {shard}: the experiment has no sweep to run");
                return CliApp.Success;
            }
            context.Error.WriteLine("[summary]");
            int code = CliApp.Run(["data", "info", result.Dataset], context);
            if (code != CliApp.Success) return code;
            if (result.Metrics is not null) context.Output.WriteLine(TrainCommand.Summary(result.Metrics));
            if (result.Sweep is { } sweep) context.Output.WriteLine($"Sweep: {sweep.Runs} runs in {sweep.Database} ({sweep.Ran} run now), exported to {sweep.Csv}");
            foreach (var skipped in result.Stages.Where(s => s.Status == StageStatus.Skipped && s.Stage is "trace" or "geometry" or "sweep" && s.Detail.Contains("not available", StringComparison.Ordinal)))
                context.Error.WriteLine($"note: {skipped.Stage} skipped: {skipped.Detail}");
            context.Output.WriteLine($"Report: {result.Report}");
            return CliApp.Success;
        }));
        return cmd;
    }
}
