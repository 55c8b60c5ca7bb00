using System.Globalization;
using System.Text;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>
/// Any comma-separated file with a header, with the columns named by a <see cref="ColumnMap"/>. Fields may
/// be quoted ("a, b" and doubled quotes). Ids may be integers or any text. Time may be Unix seconds or an
/// ISO 8601 date or date-time (taken as UTC when no offset is given); with no time column the row's
/// position stands in. With no rating column every row is a positive.
/// </summary>
internal static class CsvReader
{
    public static RatingLog Read(string path, ColumnMap columns, IWorkReporter reporter, CancellationToken cancel = default)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, Directory.Exists(path) ? "is a folder; --format csv reads one file" : "no such file");
        var log = new RatingLog(new IdTable(false), new IdTable(false),
            columns.Time is null ? TimestampKind.FilePosition : TimestampKind.UnixSeconds, hasRatings: columns.Rating is not null);
        int width = -1, cu = -1, ci = -1, cr = -1, ct = -1;
        var ranges = new List<(int Start, int End, bool Quoted)>();
        var scratch = new List<byte>();
        log.Input = TextInput.Scan([path], reporter, (line, src) =>
        {
            if (line.IsEmpty) return;
            if (!SplitQuoted(line, ranges))
                throw new DataFormatException(src.Path, "unbalanced quotes", src.LineNumber);
            if (width < 0)
            {
                var names = new string[ranges.Count];
                for (int k = 0; k < names.Length; k++) names[k] = Encoding.UTF8.GetString(Field(line, ranges[k], scratch));
                width = names.Length;
                cu = Find(names, columns.User, "user", src);
                ci = Find(names, columns.Item, "item", src);
                cr = columns.Rating is null ? -1 : Find(names, columns.Rating, "rating", src);
                ct = columns.Time is null ? -1 : Find(names, columns.Time, "time", src);
                return;
            }
            if (ranges.Count != width)
                throw new DataFormatException(src.Path, $"expected {width} fields as in the header, found {ranges.Count}", src.LineNumber);
            int u = log.Users.Intern(Field(line, ranges[cu], scratch));
            if (u < 0) throw new DataFormatException(src.Path, $"column '{columns.User}': empty user id", src.LineNumber);
            int i = log.Items.Intern(Field(line, ranges[ci], scratch));
            if (i < 0) throw new DataFormatException(src.Path, $"column '{columns.Item}': empty item id", src.LineNumber);
            float rating = 1f;
            if (cr >= 0)
            {
                var rv = Field(line, ranges[cr], scratch);
                if (!Fields.TryParseFloat(rv, out rating))
                    throw new DataFormatException(src.Path, $"column '{columns.Rating}': expected a number, found {Fields.Show(rv)}", src.LineNumber);
            }
            long time = log.Count;
            if (ct >= 0)
            {
                var tv = Field(line, ranges[ct], scratch);
                if (!Fields.TryParseLong(tv, out time) && !TryParseDateTime(tv, out time))
                    throw new DataFormatException(src.Path, $"column '{columns.Time}': expected Unix seconds or an ISO 8601 date, found {Fields.Show(tv)}", src.LineNumber);
            }
            log.Add(u, i, time, rating);
        }, cancel: cancel);
        if (width < 0) throw new DataFormatException(path, "is empty: expected a header line naming the columns");
        if (log.Count == 0) throw new DataFormatException(path, "holds no rows after its header");
        return log;
    }

    private static int Find(string[] names, string name, string role, LineSource src)
    {
        int idx = Array.IndexOf(names, name);
        if (idx < 0)
            throw new DataFormatException(src.Path, $"the header has no column '{name}' (the {role} column); it has: {string.Join(", ", names)}", src.LineNumber);
        return idx;
    }

    /// <summary>ISO 8601 dates and date-times only: a lenient parser would read "3.5" or "10:30" as dates relative to today.</summary>
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static bool TryParseDateTime(ReadOnlySpan<byte> s, out long unixSeconds)
    {
        unixSeconds = 0;
        if (s.Length > 64) return false;
        Span<char> chars = stackalloc char[64];
        int n = Encoding.UTF8.GetChars(s, chars);
        if (!DateTimeOffset.TryParseExact(chars[..n], IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto)) return false;
        unixSeconds = dto.ToUnixTimeSeconds();
        return true;
    }

    /// <summary>Splits on commas, honouring double quotes; false if a quote is left open.</summary>
    private static bool SplitQuoted(ReadOnlySpan<byte> line, List<(int, int, bool)> ranges)
    {
        ranges.Clear();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == (byte)'"')
            {
                int j = i + 1;
                while (true)
                {
                    if (j >= line.Length) return false;
                    if (line[j] == (byte)'"')
                    {
                        if (j + 1 < line.Length && line[j + 1] == (byte)'"') { j += 2; continue; }
                        break;
                    }
                    j++;
                }
                ranges.Add((i + 1, j, true));
                i = j + 1;
                if (i == line.Length) return true;
                if (line[i] != (byte)',') return false;
                i++;
            }
            else
            {
                int rel = line[i..].IndexOf((byte)',');
                int end = rel < 0 ? line.Length : i + rel;
                ranges.Add((i, end, false));
                if (rel < 0) return true;
                i = end + 1;
            }
        }
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, (int Start, int End, bool Quoted) r, List<byte> scratch)
    {
        var raw = line[r.Start..r.End];
        if (!r.Quoted || raw.IndexOf("\"\""u8) < 0) return raw.Trim((byte)' ');
        scratch.Clear();
        for (int k = 0; k < raw.Length; k++)
        {
            scratch.Add(raw[k]);
            if (raw[k] == (byte)'"') k++;
        }
        return scratch.ToArray();
    }
}
