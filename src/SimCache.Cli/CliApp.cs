namespace SimCache.Cli;

/// <summary>Builds and runs the command tree.</summary>
public static class CliApp
{
    public static int Run(string[] args) => 0;
}
