using SimCache.Cli.Console;

namespace SimCache.Cli.Tests;

/// <summary>Runs <c>simcache</c> in-process and captures its exit code, standard output and standard error.</summary>
public static class CliHarness
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, new CliContext(o, e, interactive: false));
        return new Result(code, o.ToString(), e.ToString());
    }
}
