using System.CommandLine;
using System.Globalization;
using SimCache.Caching.Core;
using SimCache.Cli.Console;
using SimCache.Data.Arrow;
using SimCache.Simulation.Benchmarking;
using SimCache.Training.Speed;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache bench</c>: speed figures measured side by side on this machine (replay vs a plain loop, vs the distance limit).</summary>
public static class BenchCommand
{
    public static Command Build(CliContext context)
    {
        var trace = new Option<string>("--trace") { Description = "The trace to replay.", Required = true };
        var caches = new Option<string[]>("--cache") { Description = "Caches to time (repeatable).", Required = true, AllowMultipleArgumentsPerToken = false };
        var requests = new Option<long?>("--requests") { Description = "First make a trace of this many requests by repeating --trace (e.g. 1000000)." };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of plain loop and engine; the median is reported.", DefaultValueFactory = _ => 3 };
        var block = new Option<int>("--block") { Description = "Requests per batched nearest-key search.", DefaultValueFactory = _ => 256 };
        var threads = new Option<int>("--threads") { Description = "Threads of the matrix-product yardstick.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var replay = new Command("replay", "Requests/s of the event engine next to a plain loop over the same streamed trace, and next to the machine's distance limit (GEMM multiply-adds/s ÷ capacity·d).")
        {
            trace, caches, requests, rounds, block, threads,
        };
        replay.SetAction(parse => CliApp.Guard(context, () =>
        {
            var path = parse.GetValue(trace)!;
            string? temp = null;
            try
            {
                if (parse.GetValue(requests) is long n)
                {
                    temp = Path.Combine(Path.GetTempPath(), $"simcache-bench-{Environment.ProcessId}.arrow");
                    ReplayBench.Repeat(path, temp, n);
                    path = temp;
                }
                int d;
                long rows;
                using (var r = TraceFileReader.Open(path)) (d, rows) = (r.Dimension, r.TotalRows);
                var info = new FileInfo(path);
                context.Output.WriteLine(I($"trace: {rows} requests, d = {d}, {info.Length / 1e6:F0} MB"));
                foreach (var spec in parse.GetValue(caches)!)
                {
                    var plain = new List<double>();
                    var engine = new List<double>();
                    string description = spec;
                    int capacity = 0;
                    for (int round = 0; round < parse.GetValue(rounds); round++)
                    {
                        using (var c = CacheFactory.Create(spec, new CacheContext { Dimension = d }))
                        {
                            description = c.Description;
                            capacity = c.Capacity;
                            plain.Add(rows / ReplayBench.PlainLoop(path, c, parse.GetValue(block)).Seconds);
                        }
                        using (var c = CacheFactory.Create(spec, new CacheContext { Dimension = d }))
                            engine.Add(rows / ReplayBench.Engine(path, c, parse.GetValue(block)).Seconds);
                    }
                    double p = Median(plain), e = Median(engine);
                    context.Output.WriteLine(I($"{description}: plain loop {p:F0} requests/s, engine {e:F0} requests/s, engine overhead {(p / e - 1) * 100:F1}% (medians of {plain.Count})"));
                    if (capacity > 0 && !spec.StartsWith("lru", StringComparison.Ordinal))
                    {
                        double macs = MatmulThroughput.MultiplyAddsPerSecond(parse.GetValue(block), d, capacity, parse.GetValue(threads));
                        double limit = macs / ((double)capacity * d);
                        context.Output.WriteLine(I($"  distance limit: GEMM {macs / 1e9:F1} G multiply-adds/s ÷ ({capacity}·{d}) = {limit:F0} requests/s; engine at {e / limit * 100:F0}% of it"));
                    }
                }
            }
            finally
            {
                if (temp is not null) File.Delete(temp);
            }
            return CliApp.Success;
        }));
        return new Command("bench", "Speed figures measured side by side on this machine.") { replay };
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
