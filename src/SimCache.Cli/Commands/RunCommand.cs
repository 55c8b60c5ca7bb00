using System.CommandLine;
using SimCache.Cli.Console;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.Synthetic;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache run</c>: the default experiment end to end on the built-in synthetic data set. Today that is
/// synth → prepare → info; each later stage (train, geometry, simulate, sweep) joins it when it lands, so
/// the README's first command always exercises the whole chain that exists.
/// </summary>
public static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder for everything the run writes.", DefaultValueFactory = _ => Path.Combine("runs", "default") };
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic data.", DefaultValueFactory = _ => 42 };
        var cmd = new Command("run", "Run the default experiment end to end on the built-in synthetic data set (preset small).") { output, seed };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var outDir = parse.GetValue(output)!;
            var command = CommandLine.Describe(parse);
            var synthDir = Path.Combine(outDir, "synth");
            var datasetDir = Path.Combine(outDir, "dataset");
            context.Error.WriteLine($"[1/3] synthetic data set (preset small) → {synthDir}");
            var options = SyntheticOptions.Preset("small") with { Seed = parse.GetValue(seed) };
            SynthCommand.Generate(context, options, synthDir, command, force: false);
            context.Error.WriteLine($"[2/3] Liang et al.'s split → {datasetDir}");
            context.WithProgress(reporter => DatasetPreparer.Prepare(new PrepareRequest
            {
                Format = RatingFormat.MovieLensCsv,
                Input = Path.Combine(synthDir, SyntheticGenerator.RatingsFileName),
                OutDir = datasetDir,
                Force = true,
                Command = command,
            }, reporter));
            context.Error.WriteLine("[3/3] data set summary");
            return CliApp.Run(["data", "info", datasetDir], context);
        }));
        return cmd;
    }
}
