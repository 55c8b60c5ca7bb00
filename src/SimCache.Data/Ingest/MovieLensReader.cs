using SimCache.Data.IO;
using SimCache.Data.Ingest.Formats;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>
/// The MovieLens layouts, which differ only in file name, delimiter and header (<see cref="MovieLensLayout"/>): <c>ratings.csv</c> (ML-20M,
/// ml-latest; comma, header), <c>u.data</c> (ML-100K; tab, no header) and <c>ratings.dat</c> (ML-1M/10M; "::").
/// Each line is userId, movieId, rating, timestamp (Unix seconds).
/// </summary>
internal static class MovieLensReader
{
    public static RatingLog Read(RatingFormat format, MovieLensLayout layout, string path, IWorkReporter reporter, CancellationToken cancel = default)
    {
        string file = ResolveFile(path, layout.FileName);
        byte[] delimiter = System.Text.Encoding.UTF8.GetBytes(layout.Delimiter);
        bool header = layout.Header;
        string expected = layout.Expected;
        var scale = format.Stars ?? throw new ArgumentException($"{format.Name} is not a star-rating format", nameof(format));
        var log = new RatingLog(new IdTable(true), new IdTable(true), TimestampKind.UnixSeconds, hasRatings: true);
        bool headerSeen = !header;
        var ranges = new Range[5];
        log.Input = TextInput.Scan([file], reporter, (line, src) =>
        {
            if (line.IsEmpty) return;
            Span<Range> f = ranges;
            int n = delimiter.Length == 1 ? Fields.Split(line, delimiter[0], f) : Fields.Split(line, delimiter, f);
            if (!headerSeen)
            {
                headerSeen = true;
                if (n != 4 || !line[f[0]].SequenceEqual("userId"u8))
                    throw new DataFormatException(src.Path, $"expected the header '{expected}', found {Fields.Show(line)}", src.LineNumber);
                return;
            }
            if (n != 4)
                throw new DataFormatException(src.Path, $"expected 4 fields ({expected}), found {n}", src.LineNumber);
            int u = log.Users.Intern(line[f[0]]);
            if (u < 0) throw new DataFormatException(src.Path, $"user id: expected an integer, found {Fields.Show(line[f[0]])}", src.LineNumber);
            int i = log.Items.Intern(line[f[1]]);
            if (i < 0) throw new DataFormatException(src.Path, $"movie id: expected an integer, found {Fields.Show(line[f[1]])}", src.LineNumber);
            if (!Fields.TryParseFloat(line[f[2]], out float rating))
                throw new DataFormatException(src.Path, $"rating: expected a number, found {Fields.Show(line[f[2]])}", src.LineNumber);
            scale.Check(rating, line[f[2]], format.Name, src.Path, src.LineNumber);
            if (!Fields.TryParseLong(line[f[3]], out long ts))
                throw new DataFormatException(src.Path, $"timestamp: expected Unix seconds (an integer), found {Fields.Show(line[f[3]])}", src.LineNumber);
            log.Add(u, i, ts, rating);
        }, cancel: cancel);
        if (!headerSeen || log.Count == 0)
            throw new DataFormatException(file, headerSeen ? "holds no ratings (the file is empty but for its header)" : $"is empty: expected the header '{expected}' and rating lines");
        return log;
    }

    /// <summary>Accepts the file itself or the folder a MovieLens archive unpacks to.</summary>
    internal static string ResolveFile(string path, string name)
    {
        if (Directory.Exists(path))
        {
            var f = Path.Combine(path, name);
            if (!File.Exists(f)) throw new DataFormatException(path, $"is a folder without {name}");
            return f;
        }
        if (!File.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        return path;
    }
}
