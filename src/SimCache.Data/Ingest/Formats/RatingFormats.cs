using System.Globalization;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Data.Ingest.Formats;

/// <summary>
/// The registry of input formats: the one list from which <c>data prepare</c>'s choices and help, the reader
/// dispatch, the protocol defaults, the experiment loader's check and the README table come. Adding a format is
/// one file declaring its <see cref="RatingFormat"/> and one line here.
/// </summary>
public static class RatingFormats
{
    /// <summary>Every format, in the order help texts and the README list them.</summary>
    public static readonly IReadOnlyList<RatingFormat> All =
    [
        MovieLensCsvFormat.Format,
        MovieLens100kFormat.Format,
        MovieLensDatFormat.Format,
        NetflixFormat.Format,
        MsdFormat.Format,
        VaeCfFormat.Format,
        CsvFormat.Format,
    ];

    /// <summary>The command-line names, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The format called <paramref name="name"/>, or null.</summary>
    public static RatingFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The format called <paramref name="name"/>; an unknown name is bad input (exit 2) and the message lists the known ones.</summary>
    public static RatingFormat Get(string name) =>
        Find(name) ?? throw new UsageException($"unknown format '{name}'; valid formats: {string.Join(", ", Names)}");

    /// <summary>The help of <c>--format</c>: each name with what it reads.</summary>
    public static string FormatHelp =>
        "Input format: " + string.Join(", ", All.Select(f => $"{f.Name} ({f.Help})")) + ".";

    /// <summary>
    /// A per-format default for a help text: the most common value, then the formats that differ, e.g.
    /// "5; msd 20". Already split formats take no protocol options and are left out.
    /// </summary>
    public static string DefaultsText<T>(Func<RatingFormat, T> value, Func<T, string>? show = null)
    {
        show ??= v => string.Format(CultureInfo.InvariantCulture, "{0:#,0}", v);
        var withProtocol = All.Where(f => !f.AlreadySplit).ToList();
        var common = withProtocol.GroupBy(value).OrderByDescending(g => g.Count()).First().Key;
        var text = new StringBuilder(show(common));
        foreach (var f in withProtocol.Where(f => !EqualityComparer<T>.Default.Equals(value(f), common)))
            text.Append($"; {f.Name} {show(value(f))}");
        return text.ToString();
    }

    /// <summary>The README's format table, row for row (a test compares the README with it).</summary>
    public static string ReadmeTable()
    {
        var text = new StringBuilder();
        text.Append("| `--format` | input | star scale | default threshold, filters, N |\n|---|---|---|---|\n");
        foreach (var f in All)
        {
            string stars = f.Stars is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.Min}..{s.Max}") : "—";
            string defaults = f.AlreadySplit ? "— (already split)" : string.Create(CultureInfo.InvariantCulture,
                $"{(f.DefaultThreshold is { } t ? $"> {t}{(f.TakesColumns ? " (with a rating column)" : "")}" : "none")}, users ≥ {f.MinUserItems}, items ≥ {f.MinItemUsers}, N ≤ {f.HeldoutCap:#,0}");
            text.Append($"| `{f.Name}` | {f.Input} | {stars} | {defaults} |\n");
        }
        return text.ToString();
    }
}
