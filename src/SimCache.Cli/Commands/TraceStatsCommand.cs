using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Simulation.TraceAnalysis;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache trace stats TRACE</c>: what a trace holds that decides what any cache can reuse (docs/METHODS.md,
/// "Trace statistics"), written as JSON (by default <c>NAME-stats.json</c> beside <c>NAME.arrow</c>, the file the
/// experiment's trace stage writes) with a few lines of summary on standard output.
/// </summary>
public static class TraceStatsCommand
{
    public static Command Build(CliContext context)
    {
        var defaults = new TraceStatsOptions();
        var trace = new Argument<string>("trace") { Description = "A trace file (Arrow IPC, from 'trace' or an experiment's trace stage)." };
        var output = new Option<string>("--out") { Description = "The JSON file to write (default: NAME-stats.json beside NAME.arrow). An existing file is replaced only if it is a trace statistics file." };
        var sample = new Option<int>("--sample") { Description = "Requests whose distances are measured in a trace longer than --exact-rows (drawn with --seed).", DefaultValueFactory = _ => defaults.Sample };
        var exact = new Option<int>("--exact-rows") { Description = "Traces of at most this many requests are measured exactly: every request against every earlier one.", DefaultValueFactory = _ => defaults.ExactRows };
        var seed = new Option<int>("--seed") { Description = "Seed of the request sample.", DefaultValueFactory = _ => defaults.Seed };
        var cmd = new Command("stats", "Describe a trace: users and rows per user, time span, same-user consecutive requests, reuse and LRU stack distances, distances to the nearest earlier request and to the same user's previous one, requests over time.")
        {
            trace, output, sample, exact, seed,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var options = new TraceStatsOptions { Sample = parse.GetValue(sample), ExactRows = parse.GetValue(exact), Seed = parse.GetValue(seed) };
            options.Validate();
            var path = parse.GetValue(trace)!;
            if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder; give a trace file (trace.arrow)");
            if (!File.Exists(path)) throw new DataFormatException(path, "no such file");
            var outPath = Path.GetFullPath(parse.GetValue(output) ?? TraceStatsFile.PathFor(path));
            CheckReplaceable(outPath);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var stats = context.WithProgress(reporter => TraceStatsFile.Write(path, outPath, options, reporter, context.Cancellation));
            foreach (var line in Summary(stats)) context.Output.WriteLine(line);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {outPath} in {clock.Elapsed.TotalSeconds:F1} s"));
            return CliApp.Success;
        }));
        return cmd;
    }

    /// <summary>Refuses an output that is a folder, or a file other than a trace statistics file (it would be lost).</summary>
    private static void CheckReplaceable(string outPath)
    {
        if (Directory.Exists(outPath)) throw new DataFormatException(outPath, "is a folder; --out names the JSON file to write");
        if (!File.Exists(outPath)) return;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(outPath)) is JsonObject o && o["format"] is JsonValue v && v.TryGetValue<string>(out var f) && f == TraceStatsJson.Format) return;
        }
        catch (JsonException)
        {
        }
        throw new DataFormatException(outPath, "exists and is not a trace statistics file, so it is never replaced: give another --out");
    }

    /// <summary>The headline numbers, one line each.</summary>
    public static IEnumerable<string> Summary(JsonObject s)
    {
        string F(JsonNode? n, string format = "G4") => n is null ? "–" : ((double)n).ToString(format, CultureInfo.InvariantCulture);
        var perUser = s["rows_per_user"]!;
        var time = s["time"]!;
        var d = s["distances"]!;
        yield return $"requests {F(s["requests"], "N0")}, users {F(s["users"], "N0")}, rows per user min {F(perUser["min"])} / median {F(perUser["median"])} / mean {F(perUser["mean"])} / max {F(perUser["max"])}";
        yield return $"time {(string?)time["first_utc"] ?? F(time["first"], "F0")} .. {(string?)time["last_utc"] ?? F(time["last"], "F0")}{(time["days"] is { } days ? $" ({F(days, "N1")} days)" : "")}";
        yield return $"same-user consecutive requests: {F(s["same_user_consecutive"]!["share"], "P1")}; first requests of a user: {F(s["first_requests"]!["share"], "P1")}";
        yield return $"reuse distance (median): {F(s["reuse"]!["requests_between"]!["quantiles"]?["median"])} requests, {F(s["reuse"]!["users_between"]!["quantiles"]?["median"])} distinct users between a user's requests";
        yield return $"distance to the nearest earlier request: median {F(d["nearest_earlier"]!["quantiles"]?["median"])}; to the same user's previous request: median {F(d["same_user_previous"]!["quantiles"]?["median"])} ({(string?)d["mode"]}: {(string?)d["rule"]})";
    }
}
