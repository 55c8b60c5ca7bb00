using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Training.Tracing;
using SimCache.Training.Training;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache trace</c>: the timestamped re-embedding trace of a trained run, with answers and future items per row; <c>simcache trace stats</c> describes one (<see cref="TraceStatsCommand"/>).</summary>
public static class TraceCommand
{
    public static Command Build(CliContext context)
    {
        var defaults = new TraceOptions();
        var run = new Option<string>("--run") { Description = "A run folder made by 'train' (recvae or multvae).", Required = true };
        var data = new Option<string>("--data") { Description = "The data set the run was trained on (default: the one its metrics.json names)." };
        var output = new Option<string>("--out") { Description = "The trace file to write (Arrow IPC).", Required = true };
        var minRatings = new Option<int?>("--min-ratings") { Description = "Users with fewer positives are embedded once, from all of them (default: half the median user's positives, at least 2)." };
        var warmup = new Option<double>("--warmup") { Description = "Others are first embedded from this share of their history…", DefaultValueFactory = _ => defaults.Warmup };
        var every = new Option<int?>("--every") { Description = $"…then again after every this many further positives (default: so that the median user gets about {TraceDensity.TargetRows} rows)." };
        var answers = new Option<int>("--answers") { Description = "Top decoder items stored per row, the prefix's items excluded (0: none).", DefaultValueFactory = _ => defaults.Answers };
        var future = new Option<int>("--future") { Description = "The user's next items after the prefix stored per row (0: none).", DefaultValueFactory = _ => defaults.Future };
        var batch = new Option<int>("--batch") { Description = "Prefixes per unit of work (one thread encodes a batch; the trace may depend on it in the last bits).", DefaultValueFactory = _ => defaults.Batch };
        var sample = new Option<int?>("--sample-users") { Description = "Trace only this many users, drawn at random with --seed (default: all)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the user sample.", DefaultValueFactory = _ => defaults.Seed };
        var force = new Option<bool>("--force") { Description = "Replace the trace --out already holds (a file that is not a trace is never replaced)." };
        var threads = new Option<int?>("--threads") { Description = "Batches encoded at once (default: all cores); each runs on one torch thread, so the trace is the same for any value." };
        var cmd = new Command("trace", "Re-embed every user as their history grows (docs/METHODS.md §1.5): rows sorted by (timestamp, user, seq), each with its answer and future items.")
        {
            run, data, output, minRatings, warmup, every, answers, future, batch, sample, seed, threads, force,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var options = new TraceOptions
            {
                MinRatings = parse.GetValue(minRatings),
                Warmup = parse.GetValue(warmup),
                Every = parse.GetValue(every),
                Answers = parse.GetValue(answers),
                Future = parse.GetValue(future),
                Batch = parse.GetValue(batch),
                SampleUsers = parse.GetValue(sample),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads) ?? Math.Max(1, Environment.ProcessorCount),
            };
            options.Validate();
            var runDir = parse.GetValue(run)!;
            var dataDir = parse.GetValue(data) ?? TrainedRun.LoadMetrics(runDir).Dataset;
            var result = context.WithProgress(reporter =>
                TraceBuilder.Build(runDir, dataDir, parse.GetValue(output)!, options, CommandLine.Describe(parse, "--threads", "--force"), reporter, context.Cancellation, parse.GetValue(force)));
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Rows} rows for {result.Users} users ({result.RowsPerUser:F1} rows per user; {result.Density}) in {result.Seconds:F1} s ({result.Rows / Math.Max(result.Seconds, 1e-9):F0} rows/s) → {parse.GetValue(output)}"));
            if (result.Users > 0 && result.RowsPerUser < 2)
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: {result.RowsPerUser:F2} rows per user: most users are embedded once, so a cache has little to reuse; lower --min-ratings or --every"));
            return CliApp.Success;
        }));
        cmd.Subcommands.Add(TraceStatsCommand.Build(context));
        return cmd;
    }
}
