using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>
/// The Million Song Dataset's Echo Nest taste profile: <c>user\tsong\tplays</c> triplets with string ids and
/// no time. The play count stands in the rating column; the timestamp is the row's position in the file, so
/// "time order" is file order (recorded as <see cref="TimestampKind.FilePosition"/>).
/// </summary>
internal static class MsdReader
{
    public static RatingLog Read(string path, IWorkReporter reporter, CancellationToken cancel = default)
    {
        if (Directory.Exists(path)) path = MovieLensReader.ResolveFile(path, "train_triplets.txt");
        else if (!File.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        var log = new RatingLog(new IdTable(false), new IdTable(false), TimestampKind.FilePosition, hasRatings: true);
        var ranges = new Range[4];
        log.Input = TextInput.Scan([path], reporter, (line, src) =>
        {
            if (line.IsEmpty) return;
            Span<Range> f = ranges;
            int n = Fields.Split(line, (byte)'\t', f);
            if (n != 3)
                throw new DataFormatException(src.Path, $"expected 3 tab-separated fields (user, song, plays), found {n}", src.LineNumber);
            int u = log.Users.Intern(line[f[0]]);
            if (u < 0) throw new DataFormatException(src.Path, "user id: empty", src.LineNumber);
            int i = log.Items.Intern(line[f[1]]);
            if (i < 0) throw new DataFormatException(src.Path, "song id: empty", src.LineNumber);
            if (!Fields.TryParseLong(line[f[2]], out long plays) || plays < 1)
                throw new DataFormatException(src.Path, $"plays: expected a positive integer, found {Fields.Show(line[f[2]])}", src.LineNumber);
            log.Add(u, i, log.Count, plays);
        }, cancel: cancel);
        if (log.Count == 0) throw new DataFormatException(path, "is empty: expected user<TAB>song<TAB>plays lines");
        return log;
    }
}
