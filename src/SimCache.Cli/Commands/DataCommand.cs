using System.CommandLine;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache data</c>: get rating data in (prepare), make synthetic data (synth), and look at what a file holds (info).</summary>
public static class DataCommand
{
    public static Command Build(Console.CliContext context)
    {
        var data = new Command("data", "Rating data: import and split real data sets, generate synthetic ones, inspect files.");
        data.Subcommands.Add(PrepareCommand.Build(context));
        data.Subcommands.Add(DownloadCommand.Build(context));
        data.Subcommands.Add(SynthCommand.Build(context));
        data.Subcommands.Add(InfoCommand.Build(context));
        return data;
    }
}
