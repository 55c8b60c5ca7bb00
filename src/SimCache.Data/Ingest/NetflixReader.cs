using SimCache.Data.IO;
using SimCache.Data.Ingest.Formats;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>
/// The Netflix Prize training data: either <c>combined_data_*.txt</c> or the original folder of
/// <c>mv_*.txt</c>. Both are blocks of a <c>MovieID:</c> line followed by <c>CustomerID,Rating,YYYY-MM-DD</c>
/// lines. Dates become Unix seconds at midnight UTC.
/// </summary>
internal static class NetflixReader
{
    public static RatingLog Read(RatingFormat format, string path, IWorkReporter reporter, CancellationToken cancel = default)
    {
        var files = ResolveFiles(path);
        var log = new RatingLog(new IdTable(true), new IdTable(true), TimestampKind.UnixDays, hasRatings: true);
        var scale = format.Stars ?? throw new ArgumentException($"{format.Name} is not a star-rating format", nameof(format));
        int movie = -1;
        var ranges = new Range[4];
        log.Input = TextInput.Scan(files, reporter, (line, src) =>
        {
            if (line.IsEmpty) return;
            if (line[^1] == (byte)':')
            {
                movie = log.Items.Intern(line[..^1]);
                if (movie < 0) throw new DataFormatException(src.Path, $"expected a 'MovieID:' line, found {Fields.Show(line)}", src.LineNumber);
                return;
            }
            if (movie < 0)
                throw new DataFormatException(src.Path, $"expected a 'MovieID:' line before the first rating, found {Fields.Show(line)}", src.LineNumber);
            Span<Range> f = ranges;
            int n = Fields.Split(line, (byte)',', f);
            if (n != 3)
                throw new DataFormatException(src.Path, $"expected 3 fields (CustomerID,Rating,YYYY-MM-DD), found {n}", src.LineNumber);
            int u = log.Users.Intern(line[f[0]]);
            if (u < 0) throw new DataFormatException(src.Path, $"customer id: expected an integer, found {Fields.Show(line[f[0]])}", src.LineNumber);
            if (!Fields.TryParseFloat(line[f[1]], out float rating))
                throw new DataFormatException(src.Path, $"rating: expected a number, found {Fields.Show(line[f[1]])}", src.LineNumber);
            scale.Check(rating, line[f[1]], format.Name, src.Path, src.LineNumber);
            if (!Fields.TryParseDate(line[f[2]], out long ts))
                throw new DataFormatException(src.Path, $"date: expected YYYY-MM-DD, found {Fields.Show(line[f[2]])}", src.LineNumber);
            log.Add(u, movie, ts, rating);
        }, onFileStart: _ => movie = -1, cancel);
        if (log.Count == 0) throw new DataFormatException(path, "holds no ratings: expected 'MovieID:' lines followed by 'CustomerID,Rating,YYYY-MM-DD' lines");
        return log;
    }

    private static IReadOnlyList<string> ResolveFiles(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        var combined = Directory.GetFiles(path, "combined_data_*.txt").Order(StringComparer.Ordinal).ToArray();
        var dir = Directory.Exists(Path.Combine(path, "training_set")) ? Path.Combine(path, "training_set") : path;
        var mv = Directory.GetFiles(dir, "mv_*.txt").Order(StringComparer.Ordinal).ToArray();
        if (combined.Length > 0 && mv.Length > 0)
            throw new DataFormatException(path, $"holds both combined_data_*.txt ({combined.Length}) and mv_*.txt ({mv.Length}) files, the same ratings twice; give --input the one file or folder to read");
        if (combined.Length > 0) return combined;
        if (mv.Length > 0) return mv;
        throw new DataFormatException(path, "is a folder with neither combined_data_*.txt nor mv_*.txt files");
    }
}
