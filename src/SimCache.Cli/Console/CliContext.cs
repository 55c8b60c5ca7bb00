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

    /// <summary>The process's console: interactive only when standard error is a terminal. The first Ctrl+C asks
    /// long work to stop at its next safe point (a trainer keeps its last completed epoch); a second one kills.</summary>
    public static CliContext ForProcess()
    {
        var interrupt = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            if (interrupt.IsCancellationRequested) return;
            e.Cancel = true;
            interrupt.Cancel();
        };
        return new(System.Console.Out, System.Console.Error, !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected)
        {
            Cancellation = interrupt.Token,
        };
    }

    /// <summary>Fires when the user interrupts (Ctrl+C); long work stops at a point it can resume from.</summary>
    public CancellationToken Cancellation { get; init; }

    public TextWriter Output { get; }
    public TextWriter Error { get; }
    public bool Interactive { get; }

    /// <summary>For tables and rich results on standard output.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>
    /// Runs work with the right progress display for this console. Every progress report is also a point where
    /// the first Ctrl+C stops the work (<see cref="CancellableWorkReporter"/>), so loops that report — a mixture
    /// fit, a map's layout — stop at their next iteration even where no token reaches them.
    /// </summary>
    public T WithProgress<T>(Func<IWorkReporter, T> work)
    {
        if (!Interactive) return work(new CancellableWorkReporter(new PlainWorkReporter(Error, TimeSpan.FromSeconds(5)), Cancellation));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        return SpectreWorkReporter.Run(console, reporter => work(new CancellableWorkReporter(reporter, Cancellation)));
    }
}
