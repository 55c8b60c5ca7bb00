using System.CommandLine;
using SimCache.Cli.Console;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache run [experiments.json]</c>: one experiment of an experiments file, end to end. Today the chain is
/// data (synthetic or real) → Liang et al.'s split → summary; each later stage (train, trace, geometry,
/// sweep, report) joins it when it lands, so the README's first command always runs the whole chain.
/// </summary>
public static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("experiments") { Description = "The experiments file.", DefaultValueFactory = _ => "experiments.json" };
        var name = new Option<string?>("--experiment") { Description = "Which experiment of the file to run (default: the first)." };
        var output = new Option<string>("--out") { Description = "Output folder; the experiment writes into OUT/NAME/.", DefaultValueFactory = _ => "runs" };
        var cmd = new Command("run", "Run an experiment of experiments.json end to end (the default: the built-in synthetic data set).") { file, name, output };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var experiments = ExperimentFile.Load(parse.GetValue(file)!);
            var experiment = experiments.Select(parse.GetValue(name));
            var outDir = parse.GetValue(output)!;
            var command = CommandLine.Describe(parse);
            context.Error.WriteLine($"Experiment '{experiment.Name}'" + (experiment.Description is null ? "" : ": " + experiment.Description));
            var (dataset, metrics) = context.WithProgress(reporter =>
                ExperimentRunner.Run(experiment, outDir, command, reporter, context.Error.WriteLine));
            context.Error.WriteLine("[summary]");
            int code = CliApp.Run(["data", "info", dataset], context);
            if (code == CliApp.Success && metrics is not null) context.Output.WriteLine(TrainCommand.Summary(metrics));
            return code;
        }));
        return cmd;
    }
}
