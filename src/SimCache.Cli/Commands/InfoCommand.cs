using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using Spectre.Console;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache data info PATH</c>: what a data set folder, a synthetic log folder or an Arrow file holds, and what made it.</summary>
public static class InfoCommand
{
    public static Command Build(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A data set folder (dataset.json), a synthetic log folder (synth.json) or an Arrow file (.arrow)." };
        var cmd = new Command("info", "Print what a file or data set folder holds: counts, dimension, time range, provenance.") { path };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var p = parse.GetValue(path)!;
            if (Directory.Exists(p))
            {
                if (File.Exists(Path.Combine(p, DatasetManifest.FileName))) DatasetInfo(context, p);
                else if (File.Exists(Path.Combine(p, SynthInfoFile))) SynthInfo(context, p);
                else throw new DataFormatException(p, $"is a folder with neither {DatasetManifest.FileName} nor {SynthInfoFile}: not something this tool wrote");
            }
            else if (File.Exists(p))
            {
                if (Path.GetFileName(p) == DatasetManifest.FileName) DatasetInfo(context, Path.GetDirectoryName(Path.GetFullPath(p))!);
                else ArrowInfo(context, p);
            }
            else throw new DataFormatException(p, "no such file or folder");
            return CliApp.Success;
        }));
        return cmd;
    }

    internal const string SynthInfoFile = "synth.json";

    private static void DatasetInfo(CliContext context, string folder)
    {
        var m = DatasetManifest.Load(folder);
        var console = context.Out;
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string k, string v) => grid.AddRow(new Text(k, new Style(decoration: Decoration.Bold)), new Text(v));
        Row("data set", Path.GetFullPath(folder));
        Row("input", $"{m.Input.Format}: {m.Input.Path} ({Amount.Format(m.Input.Bytes, "B")}, {m.Input.Files.Count} file(s))");
        Row("sha256", m.Input.Sha256);
        Row("protocol", m.Protocol.Name + (m.Protocol.Note is null ? "" : " — " + m.Protocol.Note));
        if (m.Protocol.Rng != "none")
            Row("parameters", string.Create(CultureInfo.InvariantCulture,
                $"threshold {(m.Protocol.Threshold is double t ? "> " + t : "none")}, min user items {m.Protocol.MinUserItems}, min item users {m.Protocol.MinItemUsers}, heldout {m.Protocol.Heldout}, seed {m.Protocol.Seed} ({m.Protocol.Rng}), test fraction {m.Protocol.TestFraction}"));
        Row("users", string.Create(CultureInfo.InvariantCulture, $"{m.Counts.Users:N0} ({m.Counts.TrainUsers:N0} train, {m.Counts.ValidationUsers:N0} validation, {m.Counts.TestUsers:N0} test)"));
        Row("items", m.Counts.Items.ToString("N0", CultureInfo.InvariantCulture));
        Row("interactions", m.Counts.Interactions.ToString("N0", CultureInfo.InvariantCulture));
        var range = TimeRange(folder, m);
        Row("timestamps", m.Timestamps + (range is { } r ? " " + FormatRange(m.Timestamps, r.Min, r.Max) : ""));
        Row("made by", $"{m.Command} (simcache {m.ToolVersion})");
        console.Write(grid);
        console.WriteLine();

        var stages = new Table().Title("Counts after each stage").AddColumns("stage", "interactions", "users", "items");
        foreach (var s in m.Counts.Stages)
            stages.AddRow(s.Stage, s.Interactions.ToString("N0", CultureInfo.InvariantCulture), s.Users.ToString("N0", CultureInfo.InvariantCulture), s.Items.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(stages);
        var splits = new Table().Title("Splits").AddColumns("split", "file", "users", "interactions");
        foreach (var (name, s) in m.Counts.Splits)
            splits.AddRow(name, m.Files[name], s.Users.ToString("N0", CultureInfo.InvariantCulture), s.Interactions.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(splits);
        if (m.Counts.HeldoutRowsDropped > 0 || m.Counts.DuplicatesDropped > 0)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Dropped: {m.Counts.HeldoutRowsDropped:N0} held-out rows on items outside the training items; {m.Counts.DuplicatesDropped:N0} repeated (user, item) rows."));
    }

    /// <summary>The time range over all split files, from each file's own summary.</summary>
    private static (long Min, long Max)? TimeRange(string folder, DatasetManifest m)
    {
        if (m.Timestamps == "none") return null;
        var infos = m.Files.Values.Select(f => ArrowFileInfo.Inspect(Path.Combine(folder, f))).Where(i => i.MinTimestamp is not null).ToList();
        return infos.Count == 0 ? null : (infos.Min(i => i.MinTimestamp!.Value), infos.Max(i => i.MaxTimestamp!.Value));
    }

    internal static string FormatRange(string kind, long min, long max)
    {
        // DateTimeOffset covers years 1..9999; a stranger value is shown as the number it is.
        const long first = -62135596800L, last = 253402300799L;
        bool dates = kind is "unix-seconds" or "unix-days" && min >= first && max <= last;
        return dates
            ? $"{DateTimeOffset.FromUnixTimeSeconds(min).UtcDateTime:yyyy-MM-dd HH:mm:ss} .. {DateTimeOffset.FromUnixTimeSeconds(max).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"
            : string.Create(CultureInfo.InvariantCulture, $"{min:N0} .. {max:N0}");
    }

    private static void SynthInfo(CliContext context, string folder)
    {
        var path = Path.Combine(folder, SynthInfoFile);
        System.Text.Json.JsonDocument doc;
        try
        {
            doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DataFormatException(path, "is not valid JSON: " + e.Message, e.LineNumber + 1);
        }
        using (doc)
        {
            var root = doc.RootElement;
            string Text(System.Text.Json.JsonElement e, string name) =>
                e.ValueKind == System.Text.Json.JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ToString() : "?";
            if (Text(root, "format") != SynthFormat) throw new DataFormatException(path, $"format is '{Text(root, "format")}', expected '{SynthFormat}'");
            var p = root.GetProperty("parameters");
            var c = root.GetProperty("counts");
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string k, string v) => grid.AddRow(new Text(k, new Style(decoration: Decoration.Bold)), new Text(v));
            Row("synthetic log", Path.GetFullPath(Path.Combine(folder, "ratings.csv")));
            Row("users", $"{Text(c, "users")} (ratings per user: min {Text(c, "minRatingsPerUser")}, median {Text(c, "medianRatingsPerUser")}, max {Text(c, "maxRatingsPerUser")})");
            Row("items", $"{Text(c, "items")} ({Text(c, "ratedItems")} rated)");
            Row("ratings", $"{Text(c, "ratings")} (share above {Text(c, "positiveThreshold")}: {Text(c, "positiveShare")})");
            Row("clusters", Text(p, "clusters"));
            Row("time span", $"{Text(p, "timeStart")} .. {Text(p, "timeEnd")}");
            Row("seed", Text(root, "seed"));
            Row("made by", $"{Text(root, "command")} (simcache {Text(root, "toolVersion")})");
            context.Out.Write(grid);
        }
    }

    private const string SynthFormat = SimCache.Data.Synthetic.SyntheticGenerator.ManifestFormat;

    private static void ArrowInfo(CliContext context, string path) => context.Output.WriteLine(ArrowFileInfo.Inspect(path).ToString());
}
