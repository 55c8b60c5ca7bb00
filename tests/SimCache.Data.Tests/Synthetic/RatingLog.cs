using System.Globalization;
using System.Text.Json;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>
/// A strict, independent reader of a generated ratings.csv (and the ground truth in synth.json): the tests check the
/// generator against this parser rather than against the generator's own code, so a format slip cannot hide.
/// </summary>
public sealed class RatingLog
{
    public const string Header = "userId,movieId,rating,timestamp";
    private static readonly string[] RatingTokens = ["0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"];

    public List<int> Users { get; } = [];
    public List<int> Items { get; } = [];
    /// <summary>Rating in half stars (1..10).</summary>
    public List<int> Halves { get; } = [];
    public List<long> Timestamps { get; } = [];
    public int[] PrimaryCluster { get; private set; } = [];
    public int[] SecondaryCluster { get; private set; } = [];
    public JsonDocument? Manifest { get; private set; }

    public int Count => Users.Count;

    /// <summary>Parses ratings.csv and synth.json in <paramref name="dir"/>; throws on any malformed line.</summary>
    public static RatingLog Load(string dir)
    {
        var log = new RatingLog();
        var text = File.ReadAllText(Path.Combine(dir, "ratings.csv"));
        if (text.Contains('\r')) throw new FormatException("CR found: line endings must be LF");
        if (!text.EndsWith('\n')) throw new FormatException("file must end with a newline");
        var lines = text.Split('\n');
        if (lines[0] != Header) throw new FormatException($"bad header '{lines[0]}'");
        for (int k = 1; k < lines.Length - 1; k++)
        {
            var f = lines[k].Split(',');
            if (f.Length != 4) throw new FormatException($"line {k + 1}: {f.Length} fields");
            int halves = Array.IndexOf(RatingTokens, f[2]) + 1;
            if (halves == 0) throw new FormatException($"line {k + 1}: bad rating '{f[2]}'");
            log.Users.Add(int.Parse(f[0], NumberStyles.None, CultureInfo.InvariantCulture));
            log.Items.Add(int.Parse(f[1], NumberStyles.None, CultureInfo.InvariantCulture));
            log.Halves.Add(halves);
            log.Timestamps.Add(long.Parse(f[3], NumberStyles.None, CultureInfo.InvariantCulture));
        }
        var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "synth.json")));
        log.Manifest = manifest;
        var gt = manifest.RootElement.GetProperty("groundTruth");
        log.PrimaryCluster = gt.GetProperty("primaryCluster").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        log.SecondaryCluster = gt.GetProperty("secondaryCluster").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return log;
    }

    /// <summary>Row indices per user (0-based user index = userId - 1), in file order.</summary>
    public List<int>[] RowsByUser(int users)
    {
        var rows = new List<int>[users];
        for (int u = 0; u < users; u++) rows[u] = [];
        for (int r = 0; r < Count; r++) rows[Users[r] - 1].Add(r);
        return rows;
    }
}
