using System.CommandLine;
using System.Globalization;
using SimCache.Caching.Core;
using SimCache.Numerics.Vectors;
using SimCache.Cli.Console;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Simulation.Benchmarking;
using SimCache.Simulation.Replay;
using SimCache.Training.Speed;
using SimCache.Training.Training;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache bench</c>: speed figures measured side by side on this machine (replay vs a plain loop, vs the distance limit).</summary>
public static class BenchCommand
{
    public static Command Build(CliContext context) => new("bench", "Speed figures measured side by side on this machine.")
    {
        BuildReplay(context), BuildRepeat(context), BuildTrain(context),
    };

    private static Command BuildReplay(CliContext context)
    {
        var trace = new Option<string>("--trace") { Description = "The trace to replay.", Required = true };
        var caches = new Option<string[]>("--cache") { Description = "Caches to time (repeatable).", Required = true, AllowMultipleArgumentsPerToken = false };
        var requests = new Option<long?>("--requests") { Description = "First make a temporary trace of this many requests by repeating --trace (e.g. 1000000); see 'bench repeat' to keep one." };
        var perturb = new Option<double>("--perturb") { Description = "With --requests: relative noise added to every repeated cycle's vectors (see 'bench repeat').", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "With --requests: seed of the noise.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of plain loop and engine; the median is reported.", DefaultValueFactory = _ => 3 };
        var block = new Option<int>("--block") { Description = "Requests per batched nearest-key search.", DefaultValueFactory = _ => 256 };
        var source = new Option<string>("--from") { Description = "Replay from memory (the trace loaded first: the engine and cache alone), from the file (streamed: what simulate does), or both.", DefaultValueFactory = _ => "both" };
        source.AcceptOnlyFromAmong("memory", "file", "both");
        var threads = new Option<int>("--threads") { Description = "Threads of the matrix-product yardstick.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var replay = new Command("replay", "Requests/s of the event engine next to a plain loop over the same streamed trace, and next to the machine's distance limit (GEMM multiply-adds/s ÷ capacity·d).")
        {
            trace, caches, requests, perturb, seed, rounds, block, source, threads,
        };
        replay.SetAction(parse => CliApp.Guard(context, () =>
        {
            var path = parse.GetValue(trace)!;
            int roundCount = parse.GetValue(rounds), blockRows = parse.GetValue(block), threadCount = parse.GetValue(threads);
            if (roundCount < 1) throw new UsageException("--rounds must be ≥ 1");
            if (blockRows < 1) throw new UsageException("--block must be ≥ 1");
            if (threadCount < 1) throw new UsageException("--threads must be ≥ 1");
            if (!File.Exists(path)) throw new DataFormatException(path, "trace file not found");
            string? temp = null;
            try
            {
                if (parse.GetValue(requests) is long n)
                {
                    temp = Path.Combine(Path.GetTempPath(), $"simcache-bench-{Environment.ProcessId}.arrow");
                    ReplayBench.Repeat(path, temp, n, parse.GetValue(perturb), parse.GetValue(seed), CommandLine.Describe(parse));
                    path = temp;
                }
                int d;
                long rows;
                DistanceMetric metric;
                using (var r = TraceFileReader.Open(path)) (d, rows, metric) = (r.Dimension, r.TotalRows, DistanceMetrics.Parse(r.Distance));
                var info = new FileInfo(path);
                context.Output.WriteLine(I($"trace: {rows} requests, d = {d}, {metric.Name()}, {info.Length / 1e6:F0} MB"));
                string from = parse.GetValue(source)!;
                if (from != "memory")
                {
                    var stream = new List<Timing>();
                    for (int round = 0; round < roundCount; round++) stream.Add(Time(rows, () => ReplayBench.StreamOnly(path)).Timing);
                    context.Output.WriteLine(I($"streaming the file alone (no cache): {Rates(stream)}"));
                }
                var table = from == "file" ? null : RequestTable.Load(path);
                foreach (var spec in parse.GetValue(caches)!)
                {
                    var cacheContext = new CacheContext { Dimension = d, Metric = metric };
                    string description;
                    int capacity;
                    bool searches;
                    using (var c = CacheFactory.Create(spec, cacheContext)) (description, capacity, searches) = (c.Description, c.Capacity, c.NeedsNearestKeys);
                    context.Output.WriteLine(description + ":");
                    double best = 0;
                    if (table is not null)
                        best = Compare(context, "from memory", spec, cacheContext, roundCount, rows,
                            (c, n) => ReplayBench.PlainLoop(table, c, blockRows, n), (c, n) => ReplayBench.Engine(table, c, blockRows, n));
                    if (from != "memory")
                    {
                        double e = Compare(context, "from the file", spec, cacheContext, roundCount, rows,
                            (c, n) => ReplayBench.PlainLoop(path, c, blockRows, n), (c, n) => ReplayBench.Engine(path, c, blockRows, n));
                        if (table is null) best = e;
                    }
                    if (capacity > 0 && searches)
                    {
                        double macs = MatmulThroughput.MultiplyAddsPerSecond(blockRows, d, capacity, threadCount);
                        double limit = macs / ((double)capacity * d);
                        context.Output.WriteLine(I($"  distance limit: GEMM {macs / 1e9:F1} G multiply-adds/s ({blockRows}×{d}·{d}×{capacity}, {threadCount} threads) ÷ ({capacity}·{d}) = {limit:F0} requests/s; engine ({(table is null ? "file" : "memory")}) at {best / limit * 100:F0}% of it"));
                    }
                }
            }
            finally
            {
                if (temp is not null) File.Delete(temp);
            }
            return CliApp.Success;
        }));
        return replay;
    }

    private static Command BuildRepeat(CliContext context)
    {
        var trace = new Option<string>("--trace") { Description = "The trace to repeat (read whole: a trained trace of thousands of rows).", Required = true };
        var output = new Option<string>("--out") { Description = "The trace to write (Arrow IPC).", Required = true };
        var requests = new Option<long>("--requests") { Description = "Rows to write, cycling through --trace's rows (each cycle later in time).", Required = true };
        var perturb = new Option<double>("--perturb") { Description = "Relative noise σ: every cycle after the first moves each vector x by σ·‖x‖/√d·N(0, I).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise.", DefaultValueFactory = _ => 1 };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per record batch (a replay holds one batch in memory).", DefaultValueFactory = _ => ReplayBench.DefaultBatchRows };
        var force = new Option<bool>("--force") { Description = "Replace the trace --out already holds (a file that is not a trace, or --trace itself, is never replaced)." };
        var repeat = new Command("repeat", "Make a large trace for replay benchmarks by repeating (and optionally perturbing) a trained trace.")
        {
            trace, output, requests, perturb, seed, batchRows, force,
        };
        repeat.SetAction(parse => CliApp.Guard(context, () =>
        {
            var source = parse.GetValue(trace)!;
            if (!File.Exists(source)) throw new DataFormatException(source, "trace file not found");
            var target = parse.GetValue(output)!;
            TraceOutput.CheckReplaceable(target, parse.GetValue(force), source);
            ReplayBench.Repeat(source, target, parse.GetValue(requests), parse.GetValue(perturb), parse.GetValue(seed), CommandLine.Describe(parse, "--force"),
                parse.GetValue(batchRows));
            context.Output.WriteLine(I($"Wrote {target}: {parse.GetValue(requests)} requests, {new FileInfo(target).Length / 1e6:F0} MB"));
            return CliApp.Success;
        }));
        return repeat;
    }

    private static Command BuildTrain(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "A data set folder made by 'data prepare'.", Required = true };
        var model = new Option<string>("--model") { Description = "recvae or multvae.", DefaultValueFactory = _ => TrainOptions.RecVae };
        model.AcceptOnlyFromAmong(TrainOptions.RecVae, TrainOptions.MultVae);
        var epochs = new Option<int>("--epochs") { Description = "Outer epochs to time.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Torch threads.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of the run.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON instead of a table." };
        var train = new Command("train", "Seconds per outer epoch, users/s per encoder pass, each part's share of the time (input layer, encoder, prior, decoder, loss, optimiser, evaluation) and peak memory of 'simcache train' on a data set.")
        {
            data, model, epochs, threads, seed, json,
        };
        train.SetAction(parse => CliApp.Guard(context, () =>
        {
            var options = new TrainOptions
            {
                Model = parse.GetValue(model)!,
                Epochs = parse.GetValue(epochs),
                Threads = parse.GetValue(threads),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            var dir = parse.GetValue(data)!;
            if (!Directory.Exists(dir)) throw new DataFormatException(dir, "data set folder not found");
            var result = context.WithProgress(reporter => TrainingBench.Run(dir, options, reporter, context.Error.WriteLine, context.Cancellation));
            context.Output.Write(parse.GetValue(json) ? result.ToJson() + Environment.NewLine : result.ToTable());
            return CliApp.Success;
        }));
        return train;
    }

    /// <summary>
    /// Rounds of the plain loop and the engine on fresh caches, after an untimed warm-up, alternating which goes
    /// first; prints both, with the overhead, and returns the engine's median requests/s (wall).
    /// </summary>
    private static double Compare(CliContext context, string label, string spec, CacheContext cacheContext, int rounds, long rows,
        Func<SimilarityCache, long, long> plainLoop, Func<SimilarityCache, long, long> engineLoop)
    {
        var plain = new List<Timing>();
        var engine = new List<Timing>();
        double plainHits = -1, engineHits = -1;
        // Warm-up, not timed: the JIT compiles the loops' callees in tiers (with profiling in between), which
        // takes about a second; timing from a cold start would measure that instead of the loops.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 2)
        {
            using (var c = CacheFactory.Create(spec, cacheContext)) plainLoop(c, WarmupRequests);
            using (var c = CacheFactory.Create(spec, cacheContext)) engineLoop(c, WarmupRequests);
        }
        for (int round = 0; round < rounds; round++)
        {
            for (int turn = 0; turn < 2; turn++) // plain first in even rounds, engine first in odd ones: no order bias
            {
                bool runPlain = (turn == 0) == (round % 2 == 0);
                using var c = CacheFactory.Create(spec, cacheContext);
                var (hits, t) = Time(rows, () => runPlain ? plainLoop(c, long.MaxValue) : engineLoop(c, long.MaxValue));
                (runPlain ? plain : engine).Add(t);
                if (runPlain) plainHits = hits; else engineHits = hits;
            }
        }
        if (plainHits != engineHits)
            throw new InvalidOperationException($"{spec}: the plain loop counted {plainHits} hits, the engine {engineHits}");
        double pw = Median(plain.Select(x => x.Wall)), ew = Median(engine.Select(x => x.Wall));
        double pc = Median(plain.Select(x => x.Cpu)), ec = Median(engine.Select(x => x.Cpu));
        double pb = plain.Max(x => x.Wall), eb = engine.Max(x => x.Wall);
        context.Output.WriteLine(I($"  {label}: hit ratio {engineHits / rows:F4}"));
        context.Output.WriteLine(I($"    plain loop: {Rates(plain)}"));
        context.Output.WriteLine(I($"    engine:     {Rates(engine)}"));
        context.Output.WriteLine(I($"    engine overhead: {(pw / ew - 1) * 100:F1}% by median wall time, {(pc / ec - 1) * 100:F1}% by median CPU time, {(pb / eb - 1) * 100:F1}% best against best ({rounds} rounds)"));
        return ew;
    }

    /// <summary>Requests per second of wall time and per second of the process's CPU time (robust to other load for single-threaded work).</summary>
    /// <summary>Requests of each warm-up pass.</summary>
    private const long WarmupRequests = 100_000;

    private readonly record struct Timing(double Wall, double Cpu);

    private static (double Result, Timing Timing) Time(long rows, Func<double> work)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double result = work();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        return (result, new Timing(rows / wall, rows / Math.Max(cpu, 1e-9)));
    }

    private static string Rates(List<Timing> t) =>
        I($"median {Median(t.Select(x => x.Wall)):F0}, best {t.Max(x => x.Wall):F0} requests/s wall ({List(t.Select(x => x.Wall))}); median {Median(t.Select(x => x.Cpu)):F0} per CPU-second ({List(t.Select(x => x.Cpu))})");

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string List(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
