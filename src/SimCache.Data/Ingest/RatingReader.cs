using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>Reads a rating file of any supported format (but <c>vae-cf</c>, which is already split) into a <see cref="RatingLog"/>.</summary>
public static class RatingReader
{
    public static RatingLog Read(string format, string path, ColumnMap? columns = null, IWorkReporter? reporter = null,
        CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        return format switch
        {
            RatingFormat.MovieLensCsv or RatingFormat.MovieLens100k or RatingFormat.MovieLensDat => MovieLensReader.Read(format, path, reporter, cancel),
            RatingFormat.Netflix => NetflixReader.Read(path, reporter, cancel),
            RatingFormat.Msd => MsdReader.Read(path, reporter, cancel),
            RatingFormat.Csv => CsvReader.Read(path, columns ?? throw new UsageException("--columns is required with --format csv"), reporter, cancel),
            RatingFormat.VaeCf => throw new UsageException("vae-cf is an already split data set: import it with DatasetImporter, not as a rating log"),
            _ => throw new UsageException($"unknown format '{format}'; valid formats: {string.Join(", ", RatingFormat.All)}"),
        };
    }
}
