using SimCache.Data.Progress;
using Spectre.Console;

namespace SimCache.Cli.Console;

/// <summary>
/// Where a command writes: results to standard output, progress and errors to standard error. Progress is
/// a live Spectre.Console display on a terminal and plain throttled lines otherwise (CI logs, pipes, tests).
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) Out.Profile.Width = 120;
    }

    /// <summary>The process's console: interactive only when standard error is a terminal.</summary>
    public static CliContext ForProcess() =>
        new(System.Console.Out, System.Console.Error, !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected);

    public TextWriter Output { get; }
    public TextWriter Error { get; }
    public bool Interactive { get; }

    /// <summary>For tables and rich results on standard output.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Runs work with the right progress display for this console.</summary>
    public T WithProgress<T>(Func<IWorkReporter, T> work)
    {
        if (!Interactive) return work(new PlainWorkReporter(Error, TimeSpan.FromSeconds(5)));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        return SpectreWorkReporter.Run(console, work);
    }
}
