using System.CommandLine;
using System.Globalization;
using SimCache.Caching.Core;
using SimCache.Cli.Console;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Timing;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache simulate</c>: replay one trace against one cache and say what happened.</summary>
public static class SimulateCommand
{
    public static Command Build(CliContext context)
    {
        var defaults = new ReplayOptions();
        var trace = new Option<string>("--trace") { Description = "A trace made by 'trace' (Arrow IPC), read streaming.", Required = true };
        var cache = new Option<string>("--cache")
        {
            Description = "The cache, e.g. \"sim-lru(capacity=1000, threshold=0.5*scale)\". Distances have no natural unit, so choose them from the trace's " +
                "distance scale (the median distance from a request to its 20th nearest request of another user, written to summary.json): a value " +
                "written N*scale is N times it; thresholds of 0.2*scale to 1*scale span 'almost identical' to 'a typical neighbour'. A cost that names " +
                "no cr (the default power(alpha=1)) takes C_r = the scale, so an answer nearer than a typical neighbour is worth more than a retrieval. " +
                "Policies: " + string.Join("; ", CacheFactory.Usage()),
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Output folder: summary.json and timeseries.csv.", Required = true };
        var index = new Option<string?>("--index") { Description = "Replaces the cache's index: exact or hnsw(ef=128)." };
        var decoder = new Option<string?>("--decoder") { Description = "RUN/decoder.arrow: answers for keys that are not requests (knn-cache, gmm-placement)." };
        var gmm = new Option<string?>("--gmm") { Description = "GEOMETRY/gmm.json (from 'geometry'): the mixture gmm-placement places its keys by (else it fits its own on a warm-up window)." };
        var latency = new Option<string>("--latency") { Description = "Retrieval latency in seconds: a number, const(value=S), exp(mean=S) or uniform(min=A, max=B).", DefaultValueFactory = _ => "0" };
        var ttl = new Option<double?>("--ttl") { Description = "Seconds a key lives after admission (default: no expiry)." };
        var arrivals = new Option<string>("--arrivals") { Description = "trace (the trace's timestamps) or poisson(rate=R) (re-timed, R requests/s).", DefaultValueFactory = _ => defaults.Arrivals };
        var warmup = new Option<long>("--warmup") { Description = "Requests replayed first but not counted.", DefaultValueFactory = _ => defaults.Warmup };
        var window = new Option<long>("--window") { Description = "Counted requests per row of timeseries.csv.", DefaultValueFactory = _ => defaults.Window };
        var topN = new Option<int>("--top-n") { Description = "List length N of overlap@N and NDCG@N (0: no quality metrics).", DefaultValueFactory = _ => defaults.TopN };
        var seed = new Option<int>("--seed") { Description = "Seed of randomised policies, latency samples and arrivals.", DefaultValueFactory = _ => defaults.Seed };
        var block = new Option<int>("--block") { Description = "Requests whose nearest keys are searched in one batch (same counts for any value).", DefaultValueFactory = _ => defaults.Block };
        var limit = new Option<long?>("--limit") { Description = "Replay only the first N requests." };
        var cmd = new Command("simulate", "Replay a trace against one similarity cache (discrete events: latency, delayed hits, TTL); write summary.json and timeseries.csv.")
        {
            trace, cache, output, index, decoder, gmm, latency, ttl, arrivals, warmup, window, topN, seed, block, limit,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var request = new SimulationRequest
            {
                TracePath = parse.GetValue(trace)!,
                Cache = parse.GetValue(cache)!,
                Index = parse.GetValue(index),
                DecoderPath = parse.GetValue(decoder),
                GmmPath = parse.GetValue(gmm),
                OutDir = parse.GetValue(output)!,
                Command = CommandLine.Describe(parse),
                Replay = new ReplayOptions
                {
                    Latency = LatencyModel.Parse(parse.GetValue(latency)!),
                    Ttl = parse.GetValue(ttl) ?? double.PositiveInfinity,
                    Arrivals = ArrivalProcess.Parse(parse.GetValue(arrivals)!, 0).Description,
                    Warmup = parse.GetValue(warmup),
                    Window = parse.GetValue(window),
                    TopN = parse.GetValue(topN),
                    Seed = parse.GetValue(seed),
                    Block = parse.GetValue(block),
                    Limit = parse.GetValue(limit),
                },
            };
            var (summaryText, result) = context.WithProgress(reporter => Simulator.Run(request, reporter, context.Cancellation));
            var summary = System.Text.Json.Nodes.JsonNode.Parse(summaryText)!;
            if (summary["distance_scale"] is { } scale)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Distance scale {scale["value"]!.GetValue<double>():G5}: {scale["rule"]}; C_r = {summary["cost"]!["retrieval_cost"]!.GetValue<double>():G5} ({summary["cost"]!["retrieval_cost_source"]})"));
            foreach (var warning in summary["warnings"]!.AsArray())
                context.Error.WriteLine("warning: " + warning!.GetValue<string>());
            var t = result.Totals;
            double n = Math.Max(1, t.Requests);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Requests} requests: {t.ExactHits} exact hits, {t.ApproximateHits} approximate, {t.DelayedHits} delayed, {t.Misses} misses (hit ratio {(t.ExactHits + t.ApproximateHits) / n:F4}); cost/request {t.TotalCost / (n * result.RetrievalCost):F4}·C_r; {result.RequestsPerSecond:F0} requests/s → {request.OutDir}"));
            return CliApp.Success;
        }));
        return cmd;
    }
}
