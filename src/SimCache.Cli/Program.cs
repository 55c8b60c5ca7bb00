namespace SimCache.Cli;

/// <summary>Process entry point: everything else lives in <see cref="CliApp"/> so tests can run commands in-process.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApp.Run(args);
}
