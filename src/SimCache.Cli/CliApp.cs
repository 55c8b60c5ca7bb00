using System.CommandLine;
using System.CommandLine.Help;
using SimCache.Cli.Commands;
using SimCache.Cli.Console;
using SimCache.Data.IO;

namespace SimCache.Cli;

/// <summary>
/// The <c>simcache</c> command tree and its exit-code contract: 0 success, 1 failure (including the
/// environment: a read-only or full disk, with a message naming the path), 2 bad input or usage (a parse
/// error, an invalid option value, or input the tool refuses, always with a message naming the file, line or
/// field), 130 stopped by the user (Ctrl+C; 128 + SIGINT, as a shell reports a process the signal ended). Kept apart from <see cref="Program"/> so tests run commands in-process.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    public static int Run(string[] args) => Run(args, CliContext.ForProcess());

    public static int Run(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not (HelpAction or SlurmStatusHelp))
        {
            foreach (var error in parsed.Errors) context.Error.WriteLine("error: " + (ValueErrors.Describe(error) ?? Where(error) + error.Message));
            context.Error.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
            return BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false });
    }

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("SimCache: similarity caching of learned embeddings — data, training, geometry, caches, simulation and sweeps.");
        root.Subcommands.Add(DataCommand.Build(context));
        root.Subcommands.Add(TrainCommand.Build(context));
        root.Subcommands.Add(TraceCommand.Build(context));
        root.Subcommands.Add(SimulateCommand.Build(context));
        root.Subcommands.Add(BenchCommand.Build(context));
        root.Subcommands.Add(GeometryCommand.Build(context));
        root.Subcommands.Add(RunCommand.Build(context));
        root.Subcommands.Add(SweepCommand.Build(context));
        root.Subcommands.Add(ResultsCommand.Build(context));
        root.Subcommands.Add(SlurmCommand.Build(context));
        SlurmCommand.InstallStatusHelp(root);
        return root;
    }

    /// <summary>Runs a command body, mapping refused input to exit code 2, a stop by the user to 130 and anything else to 1, with a one-line message.</summary>
    public static int Guard(CliContext context, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (DataFormatException e)
        {
            context.Error.WriteLine("error: " + e.Message);
            return BadInput;
        }
        catch (UsageException e)
        {
            context.Error.WriteLine("error: " + e.Message);
            return BadInput;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("interrupted: stopped at Ctrl+C; what was complete is kept (run the same command again to resume)");
            return Interrupted;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("interrupted: stopped before completion");
            return Interrupted;
        }
        catch (AggregateException e) when (context.Cancellation.IsCancellationRequested && e.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
        {
            // A stop seen inside parallel work (Parallel.For, Task.WaitAll) arrives wrapped.
            context.Error.WriteLine("interrupted: stopped at Ctrl+C; what was complete is kept (run the same command again to resume)");
            return Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine("error: " + e.Message);
            return Failure;
        }
        catch (Exception e) when (OutOfMemory(e))
        {
            // The machine, not the input: an allocation failed in .NET or inside libtorch ("DefaultCPUAllocator: not
            // enough memory"). Sizes that can be known up front are refused before (train's model size, a cache's keys).
            context.Error.WriteLine("error: out of memory: " + FirstLine(e.Message) + " (use smaller sizes, fewer --jobs, or a machine with more memory)");
            return Failure;
        }
        catch (Exception e)
        {
            context.Error.WriteLine("error: unexpected failure: " + e);
            return Failure;
        }
    }

    /// <summary>Names the option a value error belongs to ("--preset: …"), which the parser's own message may not.</summary>
    private static string Where(System.CommandLine.Parsing.ParseError error)
    {
        var symbol = error.SymbolResult;
        if (symbol is System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o }) symbol = o;
        return symbol is System.CommandLine.Parsing.OptionResult option && !error.Message.Contains(option.Option.Name, StringComparison.Ordinal)
            ? option.Option.Name + ": " : "";
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "simcache" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>An allocation failure, whether .NET's or libtorch's (reported through its native exception type).</summary>
    private static bool OutOfMemory(Exception e) =>
        e is OutOfMemoryException or InsufficientMemoryException
        || (e is System.Runtime.InteropServices.ExternalException && (e.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)));

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
