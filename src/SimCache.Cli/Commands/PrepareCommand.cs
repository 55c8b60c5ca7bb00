using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache data prepare</c>: a rating file in, Liang et al.'s split out as Arrow files and dataset.json.</summary>
public static class PrepareCommand
{
    public static Command Build(CliContext context)
    {
        var format = new Option<string>("--format")
        {
            Description = RatingFormats.FormatHelp,
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. RatingFormats.Names]);
        var input = new Option<string>("--input") { Description = "The rating file, or the folder the data set unpacks to.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder for the splits (Arrow) and dataset.json.", Required = true };
        var columns = new Option<string?>("--columns") { Description = "For --format csv: user=NAME,item=NAME[,rating=NAME][,time=NAME] (time: Unix seconds or ISO 8601)." };
        var threshold = new Option<string?>("--threshold") { Description = $"Keep ratings strictly above T, or 'none'. Default: {RatingFormats.DefaultsText(f => f.DefaultThreshold, t => t?.ToString(CultureInfo.InvariantCulture) ?? "none")}; none without a rating column." };
        var minUser = new Option<int?>("--min-user-items") { Description = $"Keep users with at least this many kept items (default {RatingFormats.DefaultsText(f => f.MinUserItems)})." };
        var minItem = new Option<int?>("--min-item-users") { Description = $"First keep items with at least this many users (0 = off; default {RatingFormats.DefaultsText(f => f.MinItemUsers)})." };
        var heldout = new Option<int?>("--heldout") { Description = $"N validation and N test users (default min(cap, users/6), cap = the paper's {RatingFormats.DefaultsText(f => f.HeldoutCap)}; 100 on ml-latest-small)." };
        var seed = new Option<uint?>("--seed") { Description = "numpy-compatible seed of the user shuffle and the 80/20 fold-in draws (default: Liang et al.'s 98765)." };
        var force = new Option<bool>("--force") { Description = "Replace an output folder that holds a different data set (never a folder of other files)." };
        var cmd = new Command("prepare", "Import a rating data set and split it by Liang et al.'s protocol (docs/METHODS.md §1.1).")
        {
            format, input, output, columns, threshold, minUser, minItem, heldout, seed, force,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var fmt = parse.GetValue(format)!;
            var colText = parse.GetValue(columns);
            bool takesColumns = RatingFormats.Get(fmt).TakesColumns;
            if (colText is not null && !takesColumns)
                throw new UsageException($"--columns applies only to --format {string.Join(", ", RatingFormats.All.Where(f => f.TakesColumns).Select(f => f.Name))}");
            var request = new PrepareRequest
            {
                Format = fmt,
                Input = parse.GetValue(input)!,
                OutDir = parse.GetValue(output)!,
                Columns = takesColumns ? ColumnMap.Parse(colText) : null,
                Threshold = ParseThreshold(parse.GetValue(threshold)),
                MinUserItems = parse.GetValue(minUser),
                MinItemUsers = parse.GetValue(minItem),
                Heldout = parse.GetValue(heldout),
                Seed = parse.GetValue(seed),
                Force = parse.GetValue(force),
                Command = CommandLine.Describe(parse),
            };
            var manifest = context.WithProgress(reporter => DatasetPreparer.Prepare(request, reporter, context.Cancellation));
            var c = manifest.Counts;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Prepared {request.OutDir}: {c.Users:N0} users ({c.TrainUsers:N0} train, {c.ValidationUsers:N0} validation, {c.TestUsers:N0} test), {c.Items:N0} items, {c.Interactions:N0} interactions."));
            return CliApp.Success;
        }));
        return cmd;
    }

    /// <summary>null = the format's default; NaN = explicitly none.</summary>
    internal static double? ParseThreshold(string? text)
    {
        if (text is null) return null;
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && double.IsFinite(t)) return t;
        throw new UsageException($"--threshold: expected a number or 'none', found '{text}'");
    }
}
