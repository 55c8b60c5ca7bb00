using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.Synthetic;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache data synth</c>: a synthetic MovieLens-like rating log, the built-in data set and the scale test.</summary>
public static class SynthCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Output folder: ratings.csv (MovieLens layout) and synth.json.", Required = true };
        var preset = new Option<string>("--preset") { Description = "small (≈3k users, the built-in data set) or ml-20m (≈138k users, ≈20k items, ≈20M ratings).", DefaultValueFactory = _ => "small" };
        preset.AcceptOnlyFromAmong([.. SyntheticOptions.PresetNames]);
        var users = new Option<int?>("--users") { Description = "Number of users (overrides the preset)." };
        var items = new Option<int?>("--items") { Description = "Number of items (overrides the preset)." };
        var clusters = new Option<int?>("--clusters") { Description = "Number of latent taste clusters (overrides the preset)." };
        var seed = new Option<long?>("--seed") { Description = "Seed; the same seed gives a byte-identical output." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); the output does not depend on it." };
        var cmd = new Command("synth", "Write a synthetic rating log with timestamps: Zipf-like item popularity, heavy-tailed activity, clustered tastes, sessions over years.")
        {
            output, preset, users, items, clusters, seed, threads,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var options = SyntheticOptions.Preset(parse.GetValue(preset)!);
            options = options with
            {
                Users = parse.GetValue(users) ?? options.Users,
                Items = parse.GetValue(items) ?? options.Items,
                Clusters = parse.GetValue(clusters) ?? options.Clusters,
                Seed = parse.GetValue(seed) ?? options.Seed,
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            var result = Generate(context, options, parse.GetValue(output)!, CommandLine.Describe(parse, "--threads"));
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.RatingsPath}: {result.Users:N0} users, {result.RatedItems:N0} rated items, {result.Ratings:N0} ratings ({result.PositiveShare:P1} above 3.5)."));
            return CliApp.Success;
        }));
        return cmd;
    }

    /// <summary>Generates into <paramref name="outDir"/>: an empty or new folder, or one holding an earlier synthetic log (which is replaced).</summary>
    internal static SyntheticResult Generate(CliContext context, SyntheticOptions options, string outDir, string command) =>
        context.WithProgress(reporter => SyntheticGenerator.Generate(options, outDir, command, reporter, context.Cancellation));
}
