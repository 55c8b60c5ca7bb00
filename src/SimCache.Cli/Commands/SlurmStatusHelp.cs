using System.CommandLine;
using System.CommandLine.Invocation;

namespace SimCache.Cli.Commands;

/// <summary>
/// The help of <c>simcache slurm status</c>, naming it as it is used (<c>simcache slurm status &lt;out&gt;</c>): the
/// default usage line would also show the parent command's experiments argument, which status does not take. The
/// root's help option runs it; for every other command it hands over to the default help.
/// </summary>
public sealed class SlurmStatusHelp(Command status, SynchronousCommandLineAction? standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != status) return standard?.Invoke(parseResult) ?? 0;
        var o = parseResult.InvocationConfiguration.Output;
        o.WriteLine("Description:");
        o.WriteLine("  " + status.Description);
        o.WriteLine();
        o.WriteLine("Usage:");
        o.WriteLine("  simcache slurm status <out> [options]");
        o.WriteLine();
        o.WriteLine("Arguments:");
        o.WriteLine("  <out>  " + status.Arguments[0].Description);
        o.WriteLine();
        o.WriteLine("Options:");
        o.WriteLine("  -?, -h, --help  Show help and usage information");
        return 0;
    }
}
